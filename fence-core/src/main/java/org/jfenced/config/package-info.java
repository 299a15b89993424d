/**
 * Reading fence_virt.conf, the file fence_virtd and jfenced share.
 *
 * <p>The grammar is fence_virtd's (agents/virt/config/config.l and config.y):
 *
 * <pre>
 * file   := (block | assign)+                        an empty file is an error, as in fence_virtd
 * block  := NAME '{' (block | assign)* '}'
 *         | NAME '=' VALUE '{' (block | assign)* '}'  a block that carries a value of its own
 * assign := NAME '=' VALUE ';'
 * NAME   := [^ \t\r\n{};="]+                         '#' inside a name is part of it
 * VALUE  := '"' [^"]+ '"'                            non-empty, no escapes, may span lines
 * '#' at the start of a token comments out the rest of the line
 * </pre>
 *
 * <p>Deliberate differences from fence_virtd, all of them accepting files it rejects or reporting
 * more precisely: a carriage return counts as a blank, so a file saved with CRLF line ends parses;
 * line numbers count the lines inside multi-line values; errors say what was expected and found.
 *
 * <p>Lookups follow fence_virtd's outcome, not its mechanics. fence_virtd keeps every list in reverse
 * file order and takes the first match, so the <em>last</em> occurrence of a key wins and the
 * <em>last</em> of several blocks with one name is the one it descends into (keys only in the earlier
 * block are then invisible). {@link org.jfenced.config.ConfigBlock#get} and
 * {@link org.jfenced.config.ConfigBlock#section} do the same; {@code getAll} and {@code sections}
 * return everything in file order.
 *
 * <p>The value of a {@code name = "value" { }} block is read with
 * {@link org.jfenced.config.ConfigBlock#value()}; {@code section(name)} and {@code sections(name)}
 * find such blocks by name whatever their value. It is deliberately not offered as
 * {@code get("@value")}: {@code @value} is itself a legal key name, so that would be ambiguous.
 * No shipped configuration uses this form, so the plugin SPI does not expose it.
 */
package org.jfenced.config;
