package dev.tollgate.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "may touch / must not touch" table of docs/architecture.md, as rules over the production
 * classes of every module. A rule that fails names the class and the dependency that broke it.
 */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    // Modules arrive as class folders or as jars depending on the Maven phase; test classes and
    // test jars are left out either way.
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
        .importPackages("dev.tollgate");
    for (String module : new String[] {"dev.tollgate.tuf.Updater", "dev.tollgate.release.ReleaseFacts",
        "dev.tollgate.updater.install.UpdatePipeline", "dev.tollgate.repo.Repository",
        "dev.tollgate.provenance.ProvenanceLog", "dev.tollgate.verifier.sigstore.BundleVerifier",
        "dev.tollgate.sbom.SbomChecker", "dev.tollgate.rollout.Eligibility", "dev.tollgate.fleet.HealthReport",
        "dev.tollgate.fleet.store.ReportStore", "dev.tollgate.fleet.collector.CollectorServer",
        "dev.tollgate.witness.WitnessServer", "dev.tollgate.httpservice.HttpService"}) {
      assertTrue(production.contain(module), "the rules must see every module; missing " + module);
    }
  }

  private static void check(ArchRule rule) {
    rule.check(production);
  }

  @Test
  void theTufModuleIsSharedAndStandsAlone() {
    check(noClasses().that().resideInAPackage("dev.tollgate.tuf..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.updater..", "dev.tollgate.repo..",
            "dev.tollgate.verifier..", "dev.tollgate.sbom..", "dev.tollgate.provenance..", "dev.tollgate.cli..",
            "dev.tollgate.release..")
        .because("the TUF model and client are shared by the endpoint and the release side"));
  }

  @Test
  void theHttpServiceKnowsNothingOfWhatItServes() {
    check(classes().that().resideInAPackage("dev.tollgate.httpservice..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.tollgate.httpservice..", "java..",
            "org.eclipse.jetty..")
        .because("the repository, the collector and the witness share how a server runs, not what it serves"));
  }

  @Test
  void theTrustedSetIsPure() {
    check(noClasses().that().haveSimpleName("TrustedMetadataSet")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..", "okhttp3..")
        .because("the spec's client workflow is decided without I/O; Updater does the I/O"));
  }

  @Test
  void theReleaseVocabularyDependsOnlyOnRollouts() {
    check(noClasses().that().resideInAPackage("dev.tollgate.release..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.updater..", "dev.tollgate.repo..",
            "dev.tollgate.verifier..", "dev.tollgate.sbom..", "dev.tollgate.provenance..", "dev.tollgate.cli..",
            "dev.tollgate.tuf..")
        .because("release facts are read the same way by both sides"));
  }

  @Test
  void rolloutsArePure() {
    check(noClasses().that().resideInAPackage("dev.tollgate.rollout..")
        .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..",
            "dev.tollgate.updater..", "dev.tollgate.repo..", "dev.tollgate.tuf..")
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.time.Instant.class, "now")
        .because("eligibility is computed from what the caller passes, never from a clock or a file"));
  }

  @Test
  void theReleaseSideDoesNotDependOnTheEndpoint() {
    check(noClasses().that().resideInAPackage("dev.tollgate.repo..")
        .should().dependOnClassesThat().resideInAPackage("dev.tollgate.updater..")
        .because("the repository shares the TUF and release modules, not the endpoint's state and installs"));
  }

  @Test
  void installsAskTheChecksAndDoNotVerifyThemselves() {
    check(noClasses().that().resideInAPackage("dev.tollgate.updater.install..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.verifier..", "dev.tollgate.sbom..")
        .because("trust decisions are the verifier's and the SBOM checker's, reached through updater.verify"));
  }

  @Test
  void verifiersAndSbomChecksUseNoNetwork() {
    check(noClasses().that().resideInAnyPackage("dev.tollgate.verifier..", "dev.tollgate.sbom..")
        .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "okhttp3..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.URLConnection")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
        .because("checks get bytes and files; fetching is the TUF client's job"));
  }

  @Test
  void theLogDoesNotKnowWhatItsRecordsMean() {
    check(noClasses().that().resideInAPackage("dev.tollgate.provenance..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.updater..", "dev.tollgate.repo..",
            "dev.tollgate.tuf..", "dev.tollgate.verifier..", "dev.tollgate.sbom..", "dev.tollgate.cli..")
        .because("the provenance log stores and proves records; their meaning belongs to their writers"));
  }

  @Test
  void witnessesDecideInTheLogModuleAndOnlyCarryBytesOverHttp() {
    check(noClasses().that().resideInAPackage("dev.tollgate.provenance..")
        .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "java.net.http..",
            "dev.tollgate.witness..")
        .because("the witness's checks and state live in provenance.witness, without a network"));
    check(noClasses().that().resideInAPackage("dev.tollgate.witness..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.updater..", "dev.tollgate.repo..",
            "dev.tollgate.tuf..", "dev.tollgate.fleet..", "dev.tollgate.verifier..")
        .because("a witness knows logs and their keys, nothing of what they record"));
  }

  @Test
  void onlyTheCommandLineWiresModulesTogether() {
    check(noClasses().that().resideOutsideOfPackages("dev.tollgate.cli..", "dev.tollgate.bench..")
        .should().dependOnClassesThat().resideInAPackage("dev.tollgate.cli..")
        .because("libraries do not call up into the command line"));
  }

  @Test
  void onlyTheBundleStoreWritesStateAndJournal() {
    check(noClasses().that().doNotHaveFullyQualifiedName("dev.tollgate.updater.install.BundleStore")
        .should().callMethod("dev.tollgate.updater.install.BundleState", "save", "java.nio.file.Path")
        .orShould().callMethod("dev.tollgate.updater.install.Journal", "write",
            "dev.tollgate.updater.install.Journal$Pending")
        .orShould().callMethod("dev.tollgate.updater.install.Journal", "clear")
        .orShould().callMethod("dev.tollgate.updater.install.Journal", "quarantine", "java.time.Instant")
        .orShould().callConstructor("dev.tollgate.updater.install.Journal", "java.nio.file.Path")
        .because("state.json and pending.json have one writer, opened only under the update lock"));
  }

  @Test
  void libraryModulesDoNotReachTheTestSigstoreInstance() {
    assertTrue(production.contain("dev.tollgate.sigstore.testing.TestSigstore"), "the demo's test instance is imported");
    check(classes().that().resideInAPackage("dev.tollgate.sigstore.testing..")
        .should().onlyHaveDependentClassesThat().resideInAnyPackage("dev.tollgate.sigstore.testing..",
            "dev.tollgate.cli.demo..")
        .because("the test Sigstore instance signs with throw-away keys: only the demo uses it"));
  }

  @Test
  void theHealthReportFormatIsPure() {
    check(noClasses().that().resideInAPackage("dev.tollgate.fleet")
        .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..",
            "org.eclipse.jetty..", "okhttp3..", "dev.tollgate.fleet.collector..", "dev.tollgate.fleet.store..",
            "dev.tollgate.updater..", "dev.tollgate.repo..", "dev.tollgate.tuf..", "dev.tollgate.provenance..")
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.time.Instant.class, "now")
        .because("endpoints write and collectors read the same report format; it does no I/O and reads no clock"));
  }

  @Test
  void endpointsSendReportsButNeverStoreOrServeThem() {
    check(noClasses().that().resideInAPackage("dev.tollgate.updater..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.fleet.collector..",
            "dev.tollgate.fleet.store..", "java.sql..", "org.eclipse.jetty..")
        .because("an endpoint only produces and sends reports; the collector and its database are the release"
            + " side's"));
  }

  @Test
  void theCollectorKnowsReportsNotEndpointsOrRepositories() {
    check(noClasses().that().resideInAnyPackage("dev.tollgate.fleet.collector..", "dev.tollgate.fleet.store..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.tollgate.updater..", "dev.tollgate.repo..",
            "dev.tollgate.tuf..", "dev.tollgate.verifier..", "dev.tollgate.provenance.store..")
        .orShould().dependOnClassesThat().belongToAnyOf(dev.tollgate.provenance.ProvenanceLog.class,
            dev.tollgate.provenance.LogKey.class)
        .because("the collector verifies and stores signed reports; it holds no trust in updates and only reads"
            + " the repository's provenance log (audited, through LogReader) to show decisions, never writes it"));
  }

  @Test
  void onlyTheReportStoreSpeaksSql() {
    check(noClasses().that().resideOutsideOfPackage("dev.tollgate.fleet.store..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.flywaydb..")
        .because("one schema, one place: the store owns the database for SQLite and PostgreSQL alike"));
  }
}
