package org.jfenced.backend.docker;

/** The docker client failed: it could not run, exited non-zero, or took too long. */
final class DockerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DockerException(String message) {
        super(message);
    }
}
