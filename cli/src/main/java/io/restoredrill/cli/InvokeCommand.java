package io.restoredrill.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.domain.InvalidConfigurationException;
import io.restoredrill.core.adapter.in.lambda.StateJson;
import io.restoredrill.lambda.cleanup.CleanupHandler;
import io.restoredrill.lambda.cleanup.ReaperHandler;
import io.restoredrill.lambda.restore.RestoreHandler;
import io.restoredrill.lambda.restore.StatusHandler;
import io.restoredrill.lambda.validate.ValidateHandler;
import org.joda.time.DateTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code restore-drill invoke}: runs one Lambda function's handler on this machine, with the same runtime wiring it
 * has in Lambda (its no-argument constructor reads the environment), against whatever AWS endpoint the environment
 * names. Prints the handler's result; an exception is reported the way Lambda reports it, by class name.
 */
@Command(name = "invoke",
        description = "Run a Lambda function's handler locally on an event and print what it returns.",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the handler returned; its JSON is on stdout",
            "1:the handler threw: `error: <exception class>: <message>` on stderr",
            "2:usage or configuration error (event file unreadable, an environment variable missing)"})
final class InvokeCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<function>", description = "restore, status, validate, cleanup or reap.")
    private String function;

    @Option(names = "--event", paramLabel = "<event.json>",
            description = "The event: a state document (restore, status, validate, cleanup) or an EventBridge"
                    + " scheduled event (reap; optional, one is made up when absent).")
    private Path event;

    @Override
    public Integer call() {
        if (!List.of("restore", "status", "validate", "cleanup", "reap").contains(function)) {
            throw new ParameterException(spec.commandLine(), "unknown function '" + function
                    + "': expected restore, status, validate, cleanup or reap");
        }
        if (event == null && !function.equals("reap")) {
            throw new ParameterException(spec.commandLine(), "invoke " + function + " needs --event <event.json>");
        }
        Optional<byte[]> eventBytes = Optional.ofNullable(event).map(InvokeCommand::read);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.flush(); // created now, on the real stdout, before System.out is pointed elsewhere below

        // The functions write EMF metric lines to System.out (Lambda sends stdout to CloudWatch Logs). Here stdout
        // is the handler's result, which a script may pipe into the next invoke: the metric lines go to stderr.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        String result;
        try {
            result = function.equals("reap") ? reap(eventBytes) : stream(eventBytes.orElseThrow());
        } catch (RuntimeException | Error thrown) {
            Throwable e = unwrapInitializer(thrown);
            err.println("error: " + e.getClass().getName() + ": " + e.getMessage());
            err.flush();
            return e instanceof InvalidConfigurationException ? RestoreDrillCli.USAGE_ERROR : RestoreDrillCli.DRILL_FAILED;
        } finally {
            System.out.flush();
            System.setOut(stdout);
        }
        out.println(result);
        out.flush();
        return RestoreDrillCli.PASSED;
    }

    private String stream(byte[] eventJson) {
        RequestStreamHandler handler = switch (function) {
            case "restore" -> new RestoreHandler();
            case "status" -> new StatusHandler();
            case "validate" -> new ValidateHandler();
            case "cleanup" -> new CleanupHandler();
            default -> throw new IllegalStateException("not a stream handler: " + function);
        };
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(eventJson), output, new LocalLambdaContext(function));
            return StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(StateJson.mapper().readTree(output.toByteArray()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String reap(Optional<byte[]> eventJson) {
        ScheduledEvent scheduled = eventJson.map(InvokeCommand::scheduledEvent).orElseGet(InvokeCommand::madeUpEvent);
        Map<String, Object> report = new ReaperHandler().handleRequest(scheduled, new LocalLambdaContext("reap"));
        try {
            return StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the reaper's report did not serialize", e); // only a bug gets here
        }
    }

    /**
     * An EventBridge event in its wire form ({@code detail-type}, ISO time), as Lambda's own serializer maps it;
     * Jackson's bean mapping would miss the hyphenated key and the Joda time.
     */
    private static ScheduledEvent scheduledEvent(byte[] json) {
        JsonNode node;
        try {
            node = StateJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new InvalidConfigurationException("the event is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidConfigurationException("the event is not a JSON object; expected an EventBridge scheduled event");
        }
        ScheduledEvent scheduled = new ScheduledEvent();
        scheduled.setId(text(node, "id"));
        scheduled.setDetailType(text(node, "detail-type"));
        scheduled.setSource(text(node, "source"));
        scheduled.setAccount(text(node, "account"));
        scheduled.setRegion(text(node, "region"));
        if (node.hasNonNull("time")) {
            try {
                scheduled.setTime(new DateTime(node.get("time").asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("the event's time is not an ISO-8601 instant: "
                        + node.get("time").asText(), e);
            }
        }
        List<String> resources = new ArrayList<>();
        node.path("resources").forEach(r -> resources.add(r.asText()));
        scheduled.setResources(resources);
        scheduled.setDetail(node.hasNonNull("detail") ? StateJson.mapper().convertValue(node.get("detail"), Map.class) : Map.of());
        return scheduled;
    }

    private static ScheduledEvent madeUpEvent() {
        ScheduledEvent scheduled = new ScheduledEvent();
        scheduled.setId(UUID.randomUUID().toString());
        scheduled.setDetailType("Scheduled Event");
        scheduled.setSource("restore-drill invoke");
        scheduled.setTime(DateTime.now());
        scheduled.setRegion(System.getenv("AWS_REGION"));
        scheduled.setResources(List.of("local: restore-drill invoke reap"));
        scheduled.setDetail(Map.of());
        return scheduled;
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidConfigurationException("--event " + file + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidConfigurationException("--event " + file + " cannot be read: " + e, e);
        }
    }

    /**
     * A handler's wiring that fails in a static initializer (e.g. the restore function's, when a variable is
     * missing) surfaces as ExceptionInInitializerError; Lambda's INIT would report it the same way, but the cause
     * is what the user must fix.
     */
    private static Throwable unwrapInitializer(Throwable thrown) {
        Throwable e = thrown;
        while (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
