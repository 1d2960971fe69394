/**
 * The release engineer's side: create, sign, delegate, publish into, rotate and serve a TUF
 * repository. Holds signing keys only through the signer interface; never installs anything.
 */
package dev.tollgate.repo;
