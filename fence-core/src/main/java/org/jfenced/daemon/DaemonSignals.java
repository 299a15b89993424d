package org.jfenced.daemon;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs the daemon's handlers for SIGHUP, SIGTERM and SIGINT whatever the parent process ignored. A
 * process started under {@code nohup}, or in the background of a script, inherits SIGHUP (or SIGINT)
 * ignored, and the JVM then declines such a handler without a word: SIGHUP would never reload. The
 * JVM says so only by answering "ignored" as the previous handler; the signal's default is then
 * restored through the C library and the handler installed again.
 */
final class DaemonSignals {

    private DaemonSignals() {
    }

    /** {@code name}: HUP, TERM or INT. */
    static void handle(String name, SignalHandler handler) {
        Signal signal = new Signal(name);
        if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
            Libc.signal(signal.getNumber(), Pointer.NULL);
            Signal.handle(signal, handler);
        }
    }

    private static final class Libc {
        static {
            Native.register(Libc.class, "c");
        }

        private Libc() {
        }

        /** {@code handler} null: SIG_DFL. */
        static native Pointer signal(int signum, Pointer handler);
    }
}
