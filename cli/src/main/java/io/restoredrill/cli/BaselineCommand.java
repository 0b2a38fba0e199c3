package io.restoredrill.cli;

import picocli.CommandLine.Command;

/** {@code restore-drill baseline}: the verbs that manage a drill's baseline. */
@Command(name = "baseline",
        description = "Manage the baseline a drill compares its row counts and schema with.",
        mixinStandardHelpOptions = true,
        subcommands = {BaselineAcceptCommand.class})
final class BaselineCommand {
}
