/**
 * {@code tollgate demo}: the whole system on loopback in one command. Builds a throw-away
 * repository from the TEST-ONLY keys, signs bundles with the test Sigstore instance, publishes
 * them with SBOMs and a staged rollout, serves them, and drives simulated endpoints through the
 * real commands. Each step is a small class; the narrative is printed by {@link
 * dev.tollgate.cli.demo.Narrator}. Must never be reachable from any other command: the test
 * keys and the test Sigstore instance are for the demo and tests only.
 */
package dev.tollgate.cli.demo;
