package io.twinguard.consent.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium with a fresh profile, driven by Debian's chromedriver, for the portal's
 * browser tests (here and in the {@code tests} module): login through Keycloak's form, the axe-core
 * check (system property {@code consent.axe}, the axe.min.js to inject) and screenshots (system
 * property {@code consent.screenshots}, a directory).
 */
public record PortalBrowser(ChromeDriver driver) implements AutoCloseable {

  public static PortalBrowser start() throws Exception {
    ChromeOptions options = new ChromeOptions()
        .setBinary("/usr/bin/chromium")
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--ignore-certificate-errors", "--window-size=1200,1000",
            "--user-data-dir=" + Files.createTempDirectory("consent-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
    return new PortalBrowser(new ChromeDriver(service, options));
  }

  /** Waits up to 30 s for a condition of the page. */
  public static WebDriverWait wait(ChromeDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /**
   * Opens the portal's requests page at {@code base}, logs in through Keycloak's form, and answers
   * the subject id the portal shows.
   */
  public String login(String base, String user, String password) {
    driver.get(base + "/requests");
    wait(driver).until(d -> !d.findElements(By.id("username")).isEmpty());
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
    wait(driver).until(d -> d.getCurrentUrl().startsWith(base));
    List<WebElement> subject = driver.findElements(By.cssSelector(".subject code"));
    assertEquals(1, subject.size(), "the portal after login shows " + driver.getPageSource());
    return subject.get(0).getText();
  }

  /** Runs axe-core (WCAG 2.0-2.2 A and AA rules) in the page and saves a screenshot. */
  public void accessible(String name) throws Exception {
    Path shots = Path.of(System.getProperty("consent.screenshots", "target/screenshots"));
    Files.createDirectories(shots);
    Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    driver.executeScript(Files.readString(Path.of(System.getProperty("consent.axe"))));
    Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
        + ".then(r => done(JSON.stringify(r.violations.map(v => v.id + ': ' + v.nodes.length))));");
    assertEquals("[]", result, "axe-core violations on " + name);
  }

  /** GETs a URL in the page (its cookies), answering the body text. */
  public String fetch(String url) {
    Object text = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('error ' + e));",
        url);
    return String.valueOf(text);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
