package org.jfenced.listener.serial;

/**
 * A decoded {@code serial_req_t}: what fence_virt sends over a serial or vmchannel port. It carries
 * no signature: the port itself tells who asks.
 *
 * @param request the raw command byte (see {@link org.jfenced.spi.FenceAction#fromCode})
 * @param flags ignored, kept for logs
 * @param domain the VM name or UUID, up to the first NUL
 * @param seqno the client's sequence number
 */
record SerialRequest(int request, int flags, String domain, long seqno) {
}
