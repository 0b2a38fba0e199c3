# Sourced by the launcher and the benchmarks: find_java prints the path of a `java` 21 or newer, looking at
# $JAVA, $JAVA_HOME, the `java` on PATH, then the usual JDK folders (newest first); it fails when there is none.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_java() {
  local candidate major
  for candidate in ${JAVA:+"$JAVA"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" \
      $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$HOME"/.sdkman/candidates/java/*/bin/java \
      "$HOME"/.jdks/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
