package org.jfenced.libvirt;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class that starts {@link PrivateLibvirtd}s ({@code @ExtendWith}): fails at once when libvirtd
 * is missing, and after the class removes what libvirtd left in /run ({@link PrivateLibvirtd.RunDirFootprint}).
 */
public final class PrivateLibvirtdClass implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PrivateLibvirtdClass.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        PrivateLibvirtd.requireInstalled();
        context.getStore(NAMESPACE).put(PrivateLibvirtd.RunDirFootprint.class, new PrivateLibvirtd.RunDirFootprint());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        context.getStore(NAMESPACE).get(PrivateLibvirtd.RunDirFootprint.class, PrivateLibvirtd.RunDirFootprint.class)
                .restore();
    }
}
