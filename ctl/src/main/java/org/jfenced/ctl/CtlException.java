package org.jfenced.ctl;

/** A failure jfencectl reports in one sentence, with the exit code that classifies it. */
final class CtlException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CtlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
