package io.restoredrill.cli.history;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium, with the network cut off (every host name resolves to nothing, every request goes to a
 * closed proxy), that renders a page and hands back the DOM it built and the console messages it logged. Fails,
 * never skips, when no browser is installed: {@code .ci/run} installs Debian's chromium.
 */
final class HeadlessBrowser {

    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");

    record Rendered(Document dom, List<String> console) {
    }

    private final String binary;

    private HeadlessBrowser(String binary) {
        this.binary = binary;
    }

    static HeadlessBrowser find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : CANDIDATES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessBrowser(candidate.toString());
                }
            }
        }
        throw new AssertionError("no headless browser: none of " + CANDIDATES + " is on PATH (apt-get install"
                + " chromium); the history page's test needs a real one");
    }

    Rendered render(Path page, Path work) throws IOException, InterruptedException {
        Path stdout = work.resolve("dom.html");
        Path stderr = work.resolve("browser.log");
        run(List.of("--dump-dom", page.toUri().toString()), work, stdout, stderr);
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Rendered(Jsoup.parse(Files.readString(stdout, StandardCharsets.UTF_8)), console);
    }

    void screenshot(Path page, Path png, int width, int height, Path work) throws IOException, InterruptedException {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString()), work, work.resolve("shot.out"), work.resolve("shot.err"));
    }

    private void run(List<String> args, Path work, Path stdout, Path stderr) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + work.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--no-first-run",
                "--disable-extensions", "--disable-background-networking"));
        command.addAll(args);
        Process browser = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!browser.waitFor(120, TimeUnit.SECONDS)) {
            browser.destroyForcibly().waitFor();
            throw new AssertionError("the browser did not finish within 120 s: " + command);
        }
        if (browser.exitValue() != 0) {
            throw new AssertionError("the browser exited with " + browser.exitValue() + ": "
                    + Optional.of(Files.readString(stderr)).map(s -> s.length() > 2000 ? s.substring(0, 2000) : s)
                    .get());
        }
    }
}
