package io.credreg.e2e.support;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium, for the
 * console's tests. Without them the tests are skipped, unless {@code REGISTRY_E2E_REQUIRE_BROWSER=true} (the CI),
 * where a missing browser fails them.
 */
public final class Browser implements AutoCloseable {

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final String AXE = "META-INF/resources/webjars/axe-core/" + System.getProperty("axe.version", "4.6.3")
            + "/axe.min.js";
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    public static final Path DOWNLOADS = Path.of("target", "console-downloads");

    private final ChromeDriver driver;
    private final String origin;

    private Browser(ChromeDriver driver, String origin) {
        this.driver = driver;
        this.origin = origin;
    }

    public static Browser open(String origin) {
        String chromium = firstExisting(CHROMIUM);
        String chromedriver = firstExisting(DRIVER);
        if (chromium == null || chromedriver == null) {
            String message = "no Chromium and chromium-driver (apt-get install -y chromium chromium-driver)";
            if (Boolean.parseBoolean(System.getenv("REGISTRY_E2E_REQUIRE_BROWSER"))) {
                throw new IllegalStateException(message + ", and REGISTRY_E2E_REQUIRE_BROWSER=true");
            }
            throw new TestAbortedException(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.setExperimentalOption("prefs", java.util.Map.of(
                "download.default_directory", DOWNLOADS.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, origin);
    }

    private static String firstExisting(List<String> candidates) {
        return candidates.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(origin + path);
    }

    /** Signs in on the sign-in page with this token and waits until the console shows the user. */
    public void signIn(String token) {
        go("/console/");
        WebElement input = waitFor("#signin-form input[name=token]");
        input.sendKeys(token);
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
    }

    public WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public void waitForText(String css, String text) {
        waitForText(css, text, Duration.ofSeconds(15));
    }

    /**
     * On a timeout the page is kept as a screenshot ({@code failed-<time>.png}) and the message names what the page
     * said meanwhile: its flash and every form's error, so that a failure seen once in CI can be read afterwards.
     */
    public void waitForText(String css, String text, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "\n" + whatThePageSaid(), e);
        }
    }

    private String whatThePageSaid() {
        try {
            return "flash: " + texts("#flash") + "; form errors: " + texts(".form-error") + "; page at "
                    + driver.getCurrentUrl() + "; screenshot " + screenshot("failed-" + System.currentTimeMillis());
        } catch (RuntimeException unreadable) {
            return "the page could not be read: " + unreadable;
        }
    }

    public void waitUntilGone(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text of every element the selector matches, read in the page at once (no stale element). */
    @SuppressWarnings("unchecked")
    public List<String> texts(String css) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
    }

    public String text(String css) {
        return waitFor(css).getText();
    }

    public void type(String css, String value) {
        WebElement input = waitFor(css);
        input.clear();
        input.sendKeys(value);
    }

    /**
     * Clicks the element, found again if a live refresh replaced it between finding and clicking (a click on a
     * replaced element did not happen, so trying again cannot click twice).
     */
    public void click(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Accepts the confirmation dialog the page opened (window.confirm). */
    public void acceptConfirmation() {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** The message shown under a field: the text of the element its aria-describedby names. */
    public String fieldError(String css) {
        return (String) script("""
                const input = document.querySelector(arguments[0]);
                const box = input && document.getElementById(input.getAttribute('aria-describedby'));
                return box ? box.textContent : null;
                """, css);
    }

    /** Whether the element that has the focus matches the selector. */
    public boolean focusIsOn(String css) {
        return Boolean.TRUE.equals(script("return !!document.activeElement && document.activeElement.matches(arguments[0])",
                css));
    }

    /** Keys sent to whatever has the focus, as a keyboard user types them. */
    public void press(CharSequence... keys) {
        driver.switchTo().activeElement().sendKeys(keys);
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Writes a PNG of the whole page, not only the part in the window, under target/console-screenshots/ and
     * returns its path: Chromium's DevTools capture the document at its full height (captureBeyondViewport).
     */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, fullPage());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The window made as tall as the document for the shot, so that the page lays out as in a tall window (fixed
     * elements such as the live badge at its bottom, not in the middle of the picture), then set back.
     */
    @SuppressWarnings("unchecked")
    private byte[] fullPage() {
        try {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
            long width = Math.round(number(viewport.get("clientWidth")));
            long height = Math.round(Math.max(number(content.get("height")), number(viewport.get("clientHeight"))));
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            try {
                Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                        "format", "png", "captureBeyondViewport", true));
                return Base64.getDecoder().decode((String) shot.get("data"));
            } finally {
                driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            }
        } catch (RuntimeException e) {
            // no DevTools (another driver): the window is better than nothing
            System.out.println("[console] full-page capture failed, capturing the window: " + e);
            return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /**
     * Runs axe-core on the page and returns its serious and critical violations ("rule: targets"). WebDriver runs
     * the script outside the page's Content-Security-Policy, which stays as strict as it is.
     */
    @SuppressWarnings("unchecked")
    public List<String> seriousAccessibilityViolations() {
        script(axeSource());
        Object found = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(error => done(['axe failed: ' + error]));
                """);
        return (List<String>) found;
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test classpath: " + AXE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
