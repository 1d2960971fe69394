package dev.tollgate.sbom.read;

import dev.tollgate.sbom.read.ReadProblem.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.XmlParser;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Validates XML against CycloneDX core-java's XSD for one spec version, reporting each problem with
 * the element path where it was found ({@code /bom/components/component[3]/hashes/hash[1]}) as
 * well as the line and column.
 */
final class XmlSchemaCheck {
  /** Compiled XSDs are immutable and thread-safe; compiling one costs far more than validating. */
  private static final Map<Version, Schema> SCHEMAS = new EnumMap<>(Version.class);

  private XmlSchemaCheck() {}

  private static Schema schema(Version version) throws SAXException {
    synchronized (SCHEMAS) {
      Schema schema = SCHEMAS.get(version);
      if (schema == null) {
        schema = new XmlParser().getXmlSchema(version);
        SCHEMAS.put(version, schema);
      }
      return schema;
    }
  }

  static List<ReadProblem> validate(byte[] bytes, Version version, int maxProblems) {
    List<ReadProblem> problems = new ArrayList<>();
    PathTracker tracker = new PathTracker();
    try {
      Validator validator = schema(version).newValidator();
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      validator.setErrorHandler(new Collector(problems, tracker, maxProblems));
      tracker.setParent(secureReader());
      validator.validate(new SAXSource(tracker, new InputSource(new ByteArrayInputStream(bytes))));
    } catch (SAXParseException e) {
      if (problems.isEmpty()) {
        problems.add(problem(tracker, e));
      }
    } catch (SAXException | ParserConfigurationException | IOException e) {
      problems.add(new ReadProblem(Kind.SCHEMA, tracker.path(), "XML schema validation failed: " + e.getMessage()));
    }
    return problems;
  }

  private static org.xml.sax.XMLReader secureReader() throws ParserConfigurationException, SAXException {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newSAXParser().getXMLReader();
  }

  private static ReadProblem problem(PathTracker tracker, SAXParseException e) {
    String path = tracker.path() + " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")";
    return new ReadProblem(Kind.SCHEMA, path, e.getMessage());
  }

  /** Collects every error and warning; a fatal error ends validation. */
  private record Collector(List<ReadProblem> problems, PathTracker tracker, int max) implements ErrorHandler {
    @Override
    public void warning(SAXParseException e) {
      add(e);
    }

    @Override
    public void error(SAXParseException e) {
      add(e);
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      add(e);
      throw e;
    }

    private void add(SAXParseException e) {
      if (problems.size() < max) {
        problems.add(problem(tracker, e));
      }
    }
  }

  /** Passes SAX events through while keeping the path of the element being read. */
  private static final class PathTracker extends XMLFilterImpl {
    private final Deque<String> path = new ArrayDeque<>();
    private final Deque<Map<String, Integer>> siblings = new ArrayDeque<>();

    PathTracker() {
      siblings.push(new HashMap<>());
    }

    String path() {
      if (path.isEmpty()) {
        return "/";
      }
      StringBuilder sb = new StringBuilder();
      path.descendingIterator().forEachRemaining(step -> sb.append('/').append(step));
      return sb.toString();
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts)
        throws SAXException {
      int index = siblings.peek().merge(localName, 1, Integer::sum);
      path.push(path.isEmpty() ? localName : localName + "[" + index + "]");
      siblings.push(new HashMap<>());
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
      super.endElement(uri, localName, qName);
      siblings.pop();
      path.pop();
    }
  }
}
