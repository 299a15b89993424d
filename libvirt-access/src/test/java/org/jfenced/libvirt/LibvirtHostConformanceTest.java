package org.jfenced.libvirt;

import org.jfenced.spi.FenceBackend;
import org.jfenced.spi.testkit.BackendConformanceTest;

/** Backend libvirt passes the suite every backend must pass, on libvirt's test driver. */
class LibvirtHostConformanceTest extends BackendConformanceTest {

    @Override
    protected FenceBackend createBackend() throws Exception {
        return TestHosts.connectedBackend(TestHosts.testUri(workDir, "node-a.xml"));
    }

    @Override
    protected String runningVm() {
        return "vm-run1";
    }

    @Override
    protected String stoppedVm() {
        return "vm-off1";
    }
}
