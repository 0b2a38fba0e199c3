# Sourced by the launcher and the benchmarks: find_java prints the path of a `java` 21 or newer, looking at
# $JAVA, $JAVA_HOME, the `java` on PATH, then the usual JDK folders (newest first); it fails when there is none.
# Shell built-ins where they do: every process started here is a few milliseconds of every drill.

# The Java version of a `java` (e.g. 25.0.3, or 21 for an older JDK's "21"): from its JDK's `release` file when there
# is one (no JVM start-up, which costs about 50 ms each time), else from the JVM itself.
java_version() {
  local java line version=""
  java="$(readlink -f "$1")"
  if [ -f "${java%/bin/java}/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in JAVA_VERSION=\"*\") version="${line#JAVA_VERSION=\"}"; version="${version%\"}" ;; esac
    done < "${java%/bin/java}/release"
    if [ -n "$version" ]; then echo "$version"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p'
}

# The feature release of a Java version: 25 for 25.0.3 (1.8.0_x reads as 1, below every version we accept).
version_major() { echo "${1%%[.+-]*}"; }

# The feature release of a `java`.
java_major() { version_major "$(java_version "$1")"; }

java_21_or_newer() {
  local major
  [ -n "$1" ] && [ -x "$1" ] || return 1
  major="$(java_major "$1")"
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null
}

find_java() {
  local candidate
  for candidate in ${JAVA:+"$JAVA"} ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)"; do
    if java_21_or_newer "$candidate"; then echo "$candidate"; return 0; fi
  done
  # The installed JDKs are only listed when none of the above will do.
  for candidate in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$HOME"/.sdkman/candidates/java/*/bin/java \
      "$HOME"/.jdks/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    if java_21_or_newer "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}
