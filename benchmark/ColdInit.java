import java.lang.management.ManagementFactory;

/**
 * Measures a Lambda handler's cold initialisation as the runtime does it: load the handler class and call its
 * no-argument constructor (which builds the SDK clients, the INIT phase). Prints the milliseconds from JVM start
 * (RuntimeMXBean start time) to the handler being ready. Run by lambda-cold-init.sh; not part of any jar.
 */
public final class ColdInit {

    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long ready = System.currentTimeMillis();
        // The management classes load after the handler is ready, so they do not count.
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println((ready - start) + " ms " + handler.getClass().getSimpleName());
    }
}
