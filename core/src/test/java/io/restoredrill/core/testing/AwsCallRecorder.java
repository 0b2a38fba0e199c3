package io.restoredrill.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restoredrill.core.aws.FunctionCall;
import io.restoredrill.core.aws.FunctionCalls;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Holds the code to the call manifest ({@code function-calls.json}, which infra's IAM evaluation proves the
 * synthesized policies allow): every AWS call a function makes in a test must match an entry, or the test fails.
 *
 * <p>The SDK loads it into every client of every test JVM that has core's test-jar on its classpath, through its
 * global interceptor file {@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * (see the ExecutionInterceptor Javadoc: "Global interceptors ... loaded from the classpath"). A call belongs to a
 * function when a frame of its handler or workflow step is on the stack ({@link FunctionFrames}); other calls
 * (fixtures seeding moto, the CLI) are ignored.
 *
 * <p>A call matches an entry with the same function and action, whose resources include every resource type the
 * call names (the entry may name more: RDS also authorizes the default option and parameter groups a restore
 * never names), and that declares every context key the call sets, with the same values (for a drill's data,
 * see {@link IamRequestContexts#isDrillData}, only the key). A call that matches none throws an
 * {@link AssertionError} from the SDK call, and is also collected, so that code catching everything cannot
 * swallow it: {@link AwsCallsMustBeListed} fails the test afterwards. Every call seen is appended to
 * {@code target/aws-calls.jsonl} of the module, for people.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    static final String MANIFEST = "core/src/main/resources/io/restoredrill/core/aws/function-calls.json";
    private static final List<RecordedCall> UNLISTED = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final Path LOG = Path.of("target", "aws-calls.jsonl");
    private static final Set<Path> STARTED_LOGS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FunctionCall> manifest;
    private final FunctionFrames frames;
    private final List<RecordedCall> unlisted;
    private final Path log;

    /** The recorder the SDK instantiates for every client: the real manifest, the real function classes. */
    public AwsCallRecorder() {
        this(FunctionCalls.load(), FunctionFrames.FUNCTION_OF_CLASS, UNLISTED, LOG);
    }

    AwsCallRecorder(List<FunctionCall> manifest, Map<String, String> functionOfClass, List<RecordedCall> unlisted,
                    Path log) {
        this.manifest = List.copyOf(manifest);
        this.frames = new FunctionFrames(functionOfClass);
        this.unlisted = unlisted;
        this.log = log;
    }

    /** The calls of this JVM that matched no manifest entry and that no test has reported yet; clears them. */
    static List<RecordedCall> takeUnlisted() {
        synchronized (UNLISTED) {
            List<RecordedCall> taken = List.copyOf(UNLISTED);
            UNLISTED.clear();
            return taken;
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<String> function = frames.current();
        if (function.isEmpty()) {
            return;
        }
        RecordedCall call = IamRequestContexts.of(function.get(),
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
        boolean listed = manifest.stream().anyMatch(entry -> matches(entry, call));
        write(call, listed);
        if (!listed) {
            unlisted.add(call);
            throw new AssertionError(call + ", which " + MANIFEST + " does not list. Add an entry for it (function \""
                    + call.function() + "\", action \"" + call.action() + "\", resources of the types "
                    + call.resources().stream().map(RecordedCall::resourceType).distinct().toList()
                    + ", and the context keys " + call.context().keySet() + " with their values), so that infra's IAM"
                    + " evaluation proves the stack's policies allow it.");
        }
    }

    static boolean matches(FunctionCall entry, RecordedCall call) {
        if (!entry.function().equals(call.function()) || !entry.action().equalsIgnoreCase(call.action())) {
            return false;
        }
        Set<String> declaredTypes = entry.resources().stream().map(RecordedCall::resourceType).collect(Collectors.toSet());
        if (!call.resources().stream().map(RecordedCall::resourceType).allMatch(declaredTypes::contains)) {
            return false;
        }
        Map<String, List<String>> declared = new LinkedHashMap<>();
        entry.context().forEach((k, v) -> declared.put(k.toLowerCase(Locale.ROOT), v));
        for (Map.Entry<String, List<String>> key : call.context().entrySet()) {
            List<String> values = declared.get(key.getKey().toLowerCase(Locale.ROOT));
            if (values == null) {
                return false;
            }
            if (!IamRequestContexts.isDrillData(key.getKey())
                    && !new HashSet<>(values).equals(new HashSet<>(key.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private void write(RecordedCall call, boolean listed) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("function", call.function());
        line.put("action", call.action());
        line.put("resources", call.resources());
        line.put("context", call.context());
        line.put("listed", listed);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            boolean first = STARTED_LOGS.add(log.toAbsolutePath());
            Files.writeString(log, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    first ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }
}
