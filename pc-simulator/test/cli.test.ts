/** The simulator's command line and the start command's port option. */
import { pcSimulatorPort } from '../src/beside-emulators';
import { parseCliArgs, UsageError } from '../src/cli';

describe('npm run pc-simulator', () => {
  test('When options are given, then they are read; the secret falls back to PD_PC_SECRET', () => {
    expect(parseCliArgs(['--port', '4500', '--gateway', 'http://127.0.0.1:4402/pc/events', '--secret', 's', '--seed-from', 'http://127.0.0.1:4405/'], {})).toEqual({
      port: 4500,
      host: '127.0.0.1',
      gatewayUrl: 'http://127.0.0.1:4402/pc/events',
      secret: 's',
      dataDir: null,
      seedFrom: 'http://127.0.0.1:4405',
    });
    expect(parseCliArgs([], { PD_PC_SECRET: 'from-env' })).toMatchObject({ port: 4407, secret: 'from-env', gatewayUrl: null });
  });

  test('When an option is wrong, then a usage error says which', () => {
    expect(() => parseCliArgs(['--port', 'x', '--secret', 's'], {})).toThrow(new UsageError('--port needs a port number, got x'));
    expect(() => parseCliArgs(['--gateway', 'ftp://x', '--secret', 's'], {})).toThrow(/--gateway needs an http\(s\) URL/);
    expect(() => parseCliArgs(['--gateway'], {})).toThrow(/--gateway needs a value/);
    expect(() => parseCliArgs(['--verbose', '--secret', 's'], {})).toThrow(/unknown option --verbose/);
  });

  test('When npm start gets --port-pc or PD_PC_SIMULATOR_PORT, then that port is used; 4407 otherwise', () => {
    expect(pcSimulatorPort([], {})).toBe(4407);
    expect(pcSimulatorPort(['--port-pc', '4500'], {})).toBe(4500);
    expect(pcSimulatorPort([], { PD_PC_SIMULATOR_PORT: '4501' })).toBe(4501);
    expect(() => pcSimulatorPort(['--port-pc', 'abc'], {})).toThrow(/port number/);
  });
});
