/**
 * TUF client benchmark: refresh + target lookup against a loopback repository of succinct
 * hashed bins, cold and warm cache. Prints figures; asserts nothing and is never a test.
 */
package dev.tollgate.bench.tuf;
