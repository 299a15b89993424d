package org.jfenced.examples.command;

import org.jfenced.spi.FakeConfigSection;
import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.testkit.BackendConformanceTest;

/** Backend command passes the suite every backend must pass. */
class CommandBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected FenceBackend createBackend() throws Exception {
        FakeHypervisor hypervisor = new FakeHypervisor(workDir);
        return new CommandBackendFactory().create(new FakeConfigSection("backends/command", hypervisor.config()), null);
    }

    @Override
    protected String runningVm() {
        return FakeHypervisor.RUNNING;
    }

    @Override
    protected String stoppedVm() {
        return FakeHypervisor.STOPPED;
    }
}
