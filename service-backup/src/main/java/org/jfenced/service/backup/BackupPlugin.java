package org.jfenced.service.backup;

import java.util.List;
import org.jfenced.spi.FencePlugin;
import org.jfenced.spi.ServiceFactory;

/** Offers service {@code backup}. */
public final class BackupPlugin implements FencePlugin {

    @Override
    public List<ServiceFactory> services() {
        return List.of(new BackupServiceFactory());
    }
}
