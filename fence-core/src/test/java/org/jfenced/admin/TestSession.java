package org.jfenced.admin;

import java.util.ArrayList;
import java.util.List;
import org.jfenced.spi.AdminSession;

/** A session that remembers what a command reported. */
final class TestSession implements AdminSession {

    final List<String> progress = new ArrayList<>();
    private final String user;

    TestSession(String user) {
        this.user = user;
    }

    TestSession() {
        this("root");
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public void progress(String line) {
        progress.add(line);
    }
}
