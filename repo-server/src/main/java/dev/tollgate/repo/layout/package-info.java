/**
 * Pure rules about target paths and delegation patterns: where a bundle's files live
 * ({@code <kind>s/<name>/<version>/<file>}), which patterns delegate a bundle kind, and whether
 * two TUF path patterns can match a common path (a delegation that would shadow another).
 * No I/O, no keys, no metadata files.
 */
package dev.tollgate.repo.layout;
