# Sourced by the launcher and the benchmarks that time our whole processes: the JVM options a drill runs with.
# java_options MAJOR sets JAVA_OPTIONS (an array) for a JDK of that feature release.
java_options() {
  JAVA_OPTIONS=()
  # aircompressor (the zstd decoder) reads memory through sun.misc.Unsafe, which JDK 24 and newer warn about on stderr
  # at first use; the flag keeps a drill's output clean (JDK 21, the Lambda runtime, neither warns nor knows the flag).
  if [ "$1" -ge 24 ]; then JAVA_OPTIONS+=(--sun-misc-unsafe-memory-access=allow); fi
  # C2, HotSpot's optimising compiler, only for code that stays hot (the restore's loops, the decoders): its thresholds
  # at 100 times the defaults (5000, 600, 15000, 40000). By default C2 also compiles start-up code that runs a few
  # thousand times and never again, a quarter of a CPU-second that PostgreSQL's backends, restoring on the same cores,
  # wait for; the rest of a drill runs as C1 compiles it (README, "A whole drill against psql -f").
  JAVA_OPTIONS+=(-XX:Tier4InvocationThreshold=500000 -XX:Tier4MinInvocationThreshold=60000
    -XX:Tier4CompileThreshold=1500000 -XX:Tier4BackEdgeThreshold=4000000)
  # The serial collector: a drill streams its dump through fixed buffers, so its heap stays small and a young
  # collection takes a millisecond; G1, the default on a machine of 2 cores and 2 GB or more, costs start-up time and
  # CPU for nothing here (a drill's first connection about 30 ms later on 2 cores; README, "A whole drill against
  # psql -f").
  JAVA_OPTIONS+=(-XX:+UseSerialGC)
  # Reflection through the JVM's native accessors instead of method handles spun at first use (JEP 416 made those
  # the default; this property keeps the old ones): Jackson reads the checks file and writes the report through
  # record accessors and constructors called once or twice each, and spinning a method handle for each took longer
  # than the calls. Six alternating drills: the checks file read in 18 ms instead of 36 ms (on the way to the first
  # COPY), the report written in 14 ms instead of 21 ms (after the DROP) (README, "A whole drill against psql -f").
  JAVA_OPTIONS+=(-Djdk.reflect.useNativeAccessorOnly=true)
}

# startup_cache_options MAJOR BASE sets CACHE (the start-up cache's file: BASE.aot for JDK 25's AOT cache, classes
# loaded and linked ahead of time, else BASE.jsa for a CDS archive), CACHE_PARTIAL (where a training run writes it,
# to be moved into place), CACHE_USE (the options that run with it) and CACHE_MAKE (the training run's options). The
# training runs with C1 only: JDK 25 replays the training run's compilations at every start, and a training run's
# C2 work is not a drill's.
startup_cache_options() {
  if [ "$1" -ge 25 ]; then
    CACHE="$2.aot"; CACHE_PARTIAL="$CACHE.$$.partial"
    CACHE_USE=(-XX:AOTCache="$CACHE"); CACHE_MAKE=(-XX:AOTCacheOutput="$CACHE_PARTIAL")
  else
    CACHE="$2.jsa"; CACHE_PARTIAL="$CACHE.$$.partial"
    CACHE_USE=(-XX:SharedArchiveFile="$CACHE"); CACHE_MAKE=(-XX:ArchiveClassesAtExit="$CACHE_PARTIAL")
  fi
  CACHE_USE+=(-Xlog:cds=off -Xlog:aot=off)
  CACHE_MAKE+=(-XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:aot=off)
}
