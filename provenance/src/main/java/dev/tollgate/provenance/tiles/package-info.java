/**
 * The log published as C2SP tlog-tiles: static files ({@code checkpoint}, hash tiles
 * {@code tile/<L>/<N>[.p/<W>]}, entry bundles {@code tile/entries/<N>[.p/<W>]}) that any web server
 * or object store serves as they are, and any tlog-tiles client verifies without our code.
 * {@link dev.tollgate.provenance.tiles.TilePath} and {@link dev.tollgate.provenance.tiles.TileBuilder}
 * are the pure model; {@link dev.tollgate.provenance.tiles.TilePublisher} verifies a log and writes
 * its tiles into a folder. Reads logs only through the audit package; never writes a log.
 */
package dev.tollgate.provenance.tiles;
