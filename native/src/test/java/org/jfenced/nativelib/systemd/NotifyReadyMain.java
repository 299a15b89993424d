package org.jfenced.nativelib.systemd;

/** Run in a child JVM whose environment carries NOTIFY_SOCKET, as systemd would start a daemon. */
public final class NotifyReadyMain {
    private NotifyReadyMain() {
    }

    public static void main(String[] args) {
        SdNotify notify = SdNotify.fromEnvironment();
        notify.status("watchdog " + notify.watchdogInterval().map(Object::toString).orElse("off"));
        notify.ready();
    }
}
