package dev.tollgate.cli.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.fleet.HealthReport.Outcome;
import dev.tollgate.fleet.collector.DecisionLog;
import dev.tollgate.provenance.note.VerifierKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The collector's page in real headless Chromium (Debian chromium, driven through its
 * chromedriver): a failing release's reports arrive, {@code rollout steer} halts it, and the page
 * shows the rollout halted with its failure rate and the decision's reason, next to a healthy
 * rollout that steer advanced. Chromium and chromedriver are required; without them the test fails.
 */
class ReleaseEngineerPageTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("tollgate.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("tollgate.chromedriver",
      "/usr/bin/chromedriver"));
  private static final String BAD = "1.4.2";
  private static final String GOOD = "1.4.3";
  @TempDir Path tmp;
  private GatedFleet f;
  private WebDriver browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  /** Headless Chromium as root: no sandbox, a throw-away profile, the system chromedriver (no downloads). */
  private WebDriver chromium() throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "this test needs Chromium at "
        + CHROMIUM + " and chromedriver at " + CHROMEDRIVER + ": apt-get install chromium chromium-driver"
        + " (.ci/run installs them)");
    // A driver executable named here means Selenium Manager is never run, so nothing is fetched.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + Files.createDirectory(tmp.resolve("chromium-profile")));
    return new ChromeDriver(service, options);
  }

  private WebElement rollout(String version) {
    return browser.findElement(By.cssSelector("section[data-rollout='" + GatedFleet.rolloutOf(version) + "']"));
  }

  /** Loads the page and waits until the rollout's section is in the state given. */
  private WebElement showing(String version, String state) {
    browser.get(f.collector.baseUri().toString());
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("section[data-rollout='" + GatedFleet.rolloutOf(version) + "'][data-state='" + state + "']")));
    return rollout(version);
  }

  @Test
  void thePageShowsAFailingReleaseHaltedBySteeringAndAHealthyOneAdvanced() throws Exception {
    f = new GatedFleet(tmp);
    f.gatedRelease(BAD, "canary:min_reports=10,max_failure_rate=0.1");
    f.gatedRelease(GOOD, "canary:min_reports=3,max_failure_rate=0.34,soak=0s");
    VerifierKey logKey = VerifierKey.parse(Files.readString(tmp.resolve("log.vkey")));
    f.startCollector(Optional.of(new DecisionLog(tmp.resolve("log"), logKey)));
    List<String> badCanary = f.canaryDevices(BAD);
    f.send(BAD, badCanary.get(0), Outcome.FAILED);
    f.send(BAD, badCanary.get(1), Outcome.ROLLED_BACK);
    f.send(BAD, badCanary.get(2), Outcome.FAILED);
    for (String device : f.canaryDevices(GOOD).subList(0, 3)) {
      f.send(GOOD, device, Outcome.HEALTHY);
    }
    browser = chromium();

    WebElement before = showing(BAD, "running");
    assertEquals("100.0%", before.findElement(By.cssSelector("tr[data-stage='canary'] td.failure-rate")).getText());

    JsonNode halted = f.steerJson(BAD);
    JsonNode advanced = f.steerJson(GOOD);
    assertEquals("halt", halted.get("decision").asText(), halted.toString());
    assertEquals("advance", advanced.get("decision").asText(), advanced.toString());

    WebElement bad = showing(BAD, "halted");
    assertTrue(bad.findElement(By.tagName("h2")).getText().contains("HALTED"), bad.getText());
    assertEquals("100.0%", bad.findElement(By.cssSelector("tr[data-stage='canary'] td.failure-rate")).getText());
    String reason = bad.findElement(By.cssSelector("tr[data-action='rollout-steer'][data-outcome='halt'] td.reason"))
        .getText();
    assertEquals(halted.get("reason").asText(), reason);
    assertTrue(reason.contains("stage canary failed its gate: 3 reporting"), reason);

    WebElement good = rollout(GOOD);
    assertEquals("running", good.getAttribute("data-state"));
    assertEquals("0.0%", good.findElement(By.cssSelector("tr[data-stage='canary'] td.failure-rate")).getText());
    assertTrue(good.findElement(By.cssSelector("tr[data-action='rollout-steer'][data-outcome='advance'] td.reason"))
        .getText().contains("passed its gate"), good.getText());
    assertTrue(browser.findElement(By.id("decision-source")).getText().contains("verified up to its signed"
        + " checkpoint"), browser.getPageSource());
  }
}
