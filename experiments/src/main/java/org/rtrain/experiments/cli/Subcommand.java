package org.rtrain.experiments.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.ParentCommand;

/** A command of {@code rtrain}: it runs with the environment and output streams of the invocation that holds it. */
abstract class Subcommand implements Callable<Integer> {

    @ParentCommand
    private Main rtrain;

    /** The environment and output streams of this invocation. */
    final Main.Invocation invocation() {
        return rtrain.invocation();
    }
}
