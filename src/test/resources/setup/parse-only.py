"""Parses recorded CLI commands with the real CLIs' own argument parsers, without calling a cloud.

usage: parse-only.py aws|az DIR   (DIR holds one file per command: its arguments, each followed by NUL)

aws: the AWS CLI with --generate-cli-skeleton output, which parses and validates every parameter
(names, shorthand, JSON shapes, required ones) and prints a sample answer instead of calling AWS.
az: the Azure CLI, which parses the arguments (unknown or missing ones exit 2) and then stops asking
for 'az login' (exit 1) before any call. Debian's azure-cli 2.45 asks for a network SDK API version
its python3-azure does not ship (every 'az network' command fails while loading its arguments); the
profile is pointed at the newest version that is installed, which changes no command's arguments.
Prints one line per command, 'ok' or 'refused' with the exit code, and exits 1 if any was refused.
"""
import contextlib
import io
import os
import sys
import tempfile


@contextlib.contextmanager
def captured_stderr():
    """What is written to stderr, at the descriptor: the CLIs' log handlers keep the stream they first saw."""
    with tempfile.TemporaryFile(mode='w+') as capture:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        text = io.StringIO()
        try:
            yield text
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            text.write(capture.read())


def commands(directory):
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), 'rb') as f:
            yield [a.decode() for a in f.read().split(b'\0')[:-1]]


def aws(args):
    from awscli.clidriver import create_clidriver
    with contextlib.redirect_stdout(io.StringIO()), captured_stderr() as err:
        rc = create_clidriver().main(args + ['--generate-cli-skeleton', 'output'])
    return rc == 0, rc, err.getvalue()


def az(args):
    import azure.mgmt.network
    from azure.cli.core.profiles._shared import ResourceType, AZURE_API_PROFILES
    installed = sorted(d[1:].replace('_', '-') for d in os.listdir(os.path.dirname(azure.mgmt.network.__file__))
                       if d.startswith('v20') and 'preview' not in d)
    AZURE_API_PROFILES['latest'][ResourceType.MGMT_NETWORK] = installed[-1]
    from azure.cli.core import get_default_cli
    with contextlib.redirect_stdout(io.StringIO()), captured_stderr() as err:
        try:
            rc = get_default_cli().invoke(args, out_file=io.StringIO())
        except SystemExit as e:
            rc = e.code
    return rc == 1 and 'az login' in err.getvalue(), rc, err.getvalue()


def main():
    check = {'aws': aws, 'az': az}[sys.argv[1]]
    refused = 0
    for args in commands(sys.argv[2]):
        ok, rc, err = check(args)
        print(('ok      ' if ok else 'refused ') + str(rc) + ' ' + ' '.join(args[:2]) + ('' if ok else ': ' + err.strip()[:2000]))
        refused += 0 if ok else 1
    sys.exit(1 if refused else 0)


main()
