#!/usr/bin/env bash
# Runs one of the Java examples (examples/ module) on the SDK's classpath.
#   MISTRAL_API_KEY=... MISTRAL_BASE_URL=http://127.0.0.1:8000 scripts/run-example.sh TranscribeStreamExample FILE.wav
#   Examples: TranscribeStreamExample FILE.wav | TargetDelayExample FILE.wav | MicrophoneExample
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
name="${1:?usage: run-example.sh EXAMPLE [ARGS...]}"; shift
(cd "$root" && ./mvnw -q -B -pl examples -am compile dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt >&2)
exec "$JAVA_HOME/bin/java" -cp "$root/examples/target/classes:$(cat "$root/examples/target/classpath.txt")" \
    "dev.earshot.examples.$name" "$@"
