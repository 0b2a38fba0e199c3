package io.restoredrill.statemachine.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the state machine's Task states to the local ASL engine: {@code POST /task/<name>} runs the task
 * registered under that name with the request body as its input and answers with what it wrote, as Lambda would
 * invoke a function. When the task throws, the answer is Lambda's function-error payload
 * {@code {"errorType": <fully qualified class name>, "errorMessage": ...}} with the header
 * {@code X-Amz-Function-Error: Unhandled}; run-execution.mjs turns it into an error whose name is the error type,
 * so Retry and Catch match it exactly as Step Functions matches a Java Lambda's exception.
 */
public final class TaskHost implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, StreamTask> tasks;
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final ObjectStore objects;

    private TaskHost(Map<String, StreamTask> tasks, ObjectStore objects) throws IOException {
        this.tasks = Map.copyOf(tasks);
        this.objects = objects;
        // Port 0: a free port. The Map state runs drills concurrently, so requests may overlap.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/task/", this::serve);
        server.createContext("/s3/", this::serveObject);
        server.start();
    }

    /**
     * @param tasks what serves each Task, by the name run-execution.mjs derives from the placeholder of its Resource
     *              ({@code ${RestoreFunctionArn}} is "restore"; also "status", "validate", "cleanup")
     */
    public static TaskHost start(Map<String, StreamTask> tasks) {
        return start(tasks, new ObjectStore());
    }

    /**
     * @param objects the S3 objects the harness's ItemReader and ResultWriter read and write ({@code /s3/})
     */
    public static TaskHost start(Map<String, StreamTask> tasks, ObjectStore objects) {
        try {
            return new TaskHost(tasks, objects);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the task host", e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** How many times the engine invoked a task, retries included. */
    public int invocations(String task) {
        AtomicInteger count = invocations.get(task);
        return count == null ? 0 : count.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/task/".length());
            StreamTask task = tasks.get(name);
            if (task == null || !"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, ("no task " + name).getBytes(), false);
                return;
            }
            invocations.computeIfAbsent(name, ignored -> new AtomicInteger()).incrementAndGet();
            byte[] input = exchange.getRequestBody().readAllBytes();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try {
                task.handle(new ByteArrayInputStream(input), output);
            } catch (Exception | Error e) {
                // As the Lambda runtime does: anything thrown becomes the function error, named by its class.
                respond(exchange, 200, functionError(e), true);
                return;
            }
            respond(exchange, 200, output.toByteArray(), false);
        }
    }

    private void serveObject(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/s3/".length());
            switch (exchange.getRequestMethod()) {
                case "PUT" -> {
                    objects.put(path, exchange.getRequestBody().readAllBytes());
                    respond(exchange, 200, new byte[0], false);
                }
                case "GET" -> {
                    var body = objects.get(path);
                    if (body.isPresent()) {
                        respond(exchange, 200, body.get(), false);
                    } else {
                        respond(exchange, 404, ("NoSuchKey " + path).getBytes(), false);
                    }
                }
                default -> respond(exchange, 405, new byte[0], false);
            }
        }
    }

    private static byte[] functionError(Throwable e) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorType", e instanceof LambdaServiceFault fault ? fault.errorType() : e.getClass().getName());
        error.put("errorMessage", e.getMessage());
        return JSON.writeValueAsBytes(error);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, boolean functionError)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (functionError) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
