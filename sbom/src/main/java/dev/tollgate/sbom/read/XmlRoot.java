package dev.tollgate.sbom.read;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The root element of an XML document, found with a StAX reader that refuses any DOCTYPE (no
 * entities, no external resources: the usual XXE and entity-expansion doors stay shut).
 */
record XmlRoot(String localName, String namespace) {

  /** The XML is malformed or carries a DOCTYPE. */
  static final class RefusedXml extends Exception {
    private static final long serialVersionUID = 1L;
    private final String path;

    RefusedXml(String path, String message) {
      super(message);
      this.path = path;
    }

    String path() {
      return path;
    }
  }

  static XmlRoot of(byte[] bytes) throws RefusedXml {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD) {
          throw new RefusedXml("line " + reader.getLocation().getLineNumber(),
              "DOCTYPE declarations are not accepted in an SBOM");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          return new XmlRoot(reader.getLocalName(), reader.getNamespaceURI());
        }
      }
      throw new RefusedXml("", "XML document has no root element");
    } catch (XMLStreamException e) {
      String at = e.getLocation() == null ? ""
          : "line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
      throw new RefusedXml(at, "malformed XML: " + e.getMessage());
    } finally {
      closeQuietly(reader);
    }
  }

  private static void closeQuietly(XMLStreamReader reader) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (XMLStreamException e) {
      // Reading is over and the bytes are in memory; a failure to release the reader changes nothing.
      assert e != null;
    }
  }
}
