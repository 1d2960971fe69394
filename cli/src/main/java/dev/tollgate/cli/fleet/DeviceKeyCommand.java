package dev.tollgate.cli.fleet;

import dev.tollgate.cli.endpoint.EndpointOptions;
import dev.tollgate.updater.install.DeviceIdentity;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.report.DeviceKeyFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "device-key", mixinStandardHelpOptions = true,
    description = {"Print this endpoint's enrollment line, 'DEVICE_ID ed25519:PUBLIC_KEY', for a collector's"
        + " pre-shared device list (the key itself stays on the endpoint). Needs the fleet block and a"
        + " key made by 'tollgate init'."},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate fleet device-key -c /etc/tollgate/endpoint.json >> devices.txt",
        "",
        "Exit codes: 0 ok, 2 no fleet block, or a configuration or key file fault, 3 I/O error."})
final class DeviceKeyCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private EndpointOptions options;

  @Override
  public Integer call() throws Exception {
    EndpointConfig config = options.load();
    EndpointConfig.FleetSettings fleet = config.fleet().orElseThrow(() -> new InvalidConfigException(
        "the endpoint configuration has no fleet block, so this device sends no reports"));
    String deviceId = DeviceIdentity.existing(config).orElseThrow(() -> new InvalidConfigException(
        "this endpoint has no device id yet; run 'tollgate init' first"));
    spec.commandLine().getOut().println(deviceId + " " + DeviceKeyFile.load(fleet.keyFile()).publicKey());
    return 0;
  }
}
