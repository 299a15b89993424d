package org.jfenced.spi;

/** The client an {@link AdminCommand} is serving. */
public interface AdminSession {

    /** Who asked, by the user name of the socket peer's credentials: for audit logs. */
    String user();

    /**
     * Sends one line to the client at once, before the reply: for commands that take a while. When the
     * client has gone away the line is dropped and the command goes on.
     */
    void progress(String line);
}
