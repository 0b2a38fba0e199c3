package io.restoredrill.cli.preflight;

/** Finds a deployed restore-drill stack: its outputs, functions and schedule. */
public interface StackDescriptions {

    /** @throws StackNotFoundException when no stack of that name exists */
    DeployedStack describe(String stackName);
}
