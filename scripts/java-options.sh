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
}

# startup_cache_options MAJOR CACHE WRITTEN-TO sets CACHE_USE (the options that run with the start-up cache CACHE) and
# CACHE_MAKE (the options of the training run that writes it to WRITTEN-TO): JDK 25's AOT cache (classes loaded and linked ahead of time), else
# a CDS archive. The training runs with C1 only: JDK 25 replays the training run's compilations at every start, and a
# training run's C2 work is not a drill's.
startup_cache_options() {
  if [ "$1" -ge 25 ]; then
    CACHE_USE=(-XX:AOTCache="$2"); CACHE_MAKE=(-XX:AOTCacheOutput="$3")
  else
    CACHE_USE=(-XX:SharedArchiveFile="$2"); CACHE_MAKE=(-XX:ArchiveClassesAtExit="$3")
  fi
  CACHE_USE+=(-Xlog:cds=off -Xlog:aot=off)
  CACHE_MAKE+=(-XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:aot=off)
}
