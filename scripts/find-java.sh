# Sourced by the launcher and the benchmarks: find_java prints the path of a `java` 21 or newer, looking at
# $JAVA, $JAVA_HOME, the `java` on PATH, then the usual JDK folders (newest first); it fails when there is none.

# The Java version of a `java` (e.g. 25.0.3, or 21 for an older JDK's "21"): from its JDK's `release` file when there
# is one (no JVM start-up, which costs about 50 ms each time), else from the JVM itself.
java_version() {
  local home release version
  home="$(dirname "$(dirname "$(readlink -f "$1")")")"
  release="$home/release"
  if [ -f "$release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)"$/\1/p' "$release")"
    if [ -n "$version" ]; then echo "$version"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p'
}

# The feature release of a `java`: 25 for 25.0.3 (1.8.0_x reads as 1, which is below every version we accept).
java_major() { local v; v="$(java_version "$1")"; echo "${v%%[.+-]*}"; }

find_java() {
  local candidate major
  for candidate in ${JAVA:+"$JAVA"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" \
      $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$HOME"/.sdkman/candidates/java/*/bin/java \
      "$HOME"/.jdks/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  return 1
}
