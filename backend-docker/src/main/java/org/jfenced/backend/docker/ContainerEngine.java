package org.jfenced.backend.docker;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The few things the backend asks of the container engine; each stage fails when the engine does. */
interface ContainerEngine extends AutoCloseable {

    /** Every container the backend may fence, running or not. */
    CompletionStage<List<Container>> list();

    /** SIGKILL to every process of the container, and returns once the engine reports it stopped. */
    CompletionStage<Void> kill(Container container);

    CompletionStage<Void> start(Container container);

    /** The engine's version, as a sign that it answers. */
    CompletionStage<String> version();

    /** Where the engine is, for health reports. */
    String address();

    @Override
    void close();
}
