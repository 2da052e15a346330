/**
 * The Earshot server: {@link dev.earshot.server.EarshotServer} configured by a
 * {@link dev.earshot.server.ServerConfig}, and {@link dev.earshot.server.WireFormats} for clients
 * that hold the core's audio formats. These are the API; the subpackages
 * ({@code auth}, {@code session}, {@code ops}) are its parts and not meant for other callers.
 */
package dev.earshot.server;
