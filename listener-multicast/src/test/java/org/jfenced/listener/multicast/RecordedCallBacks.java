package org.jfenced.listener.multicast;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jfenced.xvm.session.ReceivedRequest;

/** Stands in for the connect-back: remembers what the datagram handler let through. */
final class RecordedCallBacks implements RequestDatagramHandler.CallBack {

    record CallBack(ReceivedRequest request, InetSocketAddress target) {
    }

    final List<CallBack> calls = new CopyOnWriteArrayList<>();

    @Override
    public void callBack(ReceivedRequest request, InetSocketAddress target) {
        calls.add(new CallBack(request, target));
    }
}
