"""The ``syndata`` command. Each subcommand parses its arguments, calls one library function and
prints its result; errors (:class:`~syndata.errors.SyndataError`) print ``error: ...`` and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from syndata.errors import SyndataError

__all__ = ["main", "build_parser"]


def _kv_pairs(items, what: str) -> dict:
    out = {}
    for item in items or []:
        if "=" not in item:
            raise SyndataError(f"{what}: expected NAME=VALUE, got {item!r}")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def cmd_list(args) -> int:
    from syndata.generators import GENERATORS

    if args.json:
        print(json.dumps({name: {"summary": g.summary, "factors": g.space().to_list(),
                                 "default_factors": list(g.default_factors),
                                 "options": {k: v[0] for k, v in g.options.items()},
                                 "presets": {k: v.get("help", "") for k, v in g.presets.items()}}
                          for name, g in GENERATORS.items()}, indent=1, default=str))
        return 0
    for name, g in GENERATORS.items():
        print(f"{name}: {g.summary}")
        print(f"  varies by default: {', '.join(g.default_factors)}")
        print("  factors (default level in [brackets]):")
        for f in g.space():
            vals = [str(v) for v in f.values]
            vals[f.default] = f"[{vals[f.default]}]"
            shown = ", ".join(vals) if len(vals) <= 8 else \
                f"{vals[0]}, {vals[1]}, ..., {vals[-1]} ({f.size} levels; default {vals[f.default]})"
            print(f"    {f.name:<14} {f.kind:<11} {shown}")
            print(f"    {'':<14} {'':<11} {f.description}")
        print("  options (--set NAME=VALUE):")
        for k, (default, allowed, help_) in g.options.items():
            choices = f" one of {', '.join(map(str, allowed))}" if allowed else ""
            print(f"    {k} = {default}{choices}: {help_}")
        print("  presets (--preset NAME):")
        for k, p in g.presets.items():
            print(f"    {k}: {p.get('help', '')}")
    return 0


def cmd_generate(args) -> int:
    from syndata import generate
    from syndata.factors import parse_factor_list

    report = generate(args.generator, out=args.out, factors=parse_factor_list(args.factors), n=args.n,
                      seed=args.seed, preset=args.preset, options=_kv_pairs(args.set, "--set"),
                      fixed=_kv_pairs(args.fix, "--fix"), workers=args.workers,
                      overwrite=args.overwrite, progress=not args.quiet, shard_size=args.shard_size)
    if not args.quiet:
        print(report)
    return 0


def cmd_info(args) -> int:
    from syndata import load

    c = load(args.path)
    m = c.manifest
    if args.json:
        print(json.dumps({k: v for k, v in m.items() if k != "files"}, indent=1))
        return 0
    print(f"{args.path}: {m['generator']} corpus, {m['n_samples']} samples ({m['sampling']}), "
          f"syndata {m['syndata_version']}, created {m['created']}")
    print(f"  command: {m['command']}")
    print(f"  media: {', '.join(f'{k}={v}' for k, v in m['media'].items())}; {m['total_bytes'] / 1e6:.1f} MB")
    print("  varying factors:")
    for f in c.space:
        print(f"    {f.name:<14} {f.kind:<11} {f.size} levels: {f.values[0]} .. {f.values[-1]}")
    if m["held_factors"]:
        print("  held: " + ", ".join(f"{k}={'inf' if v is None else v}" for k, v in m["held_factors"].items()))
    print(f"  data digest: {m['data_digest']}")
    return 0


def cmd_verify(args) -> int:
    from syndata import verify

    report = verify(args.path, n_regenerate=args.regenerate,
                    n_measure=None if args.all else args.measure, seed=args.seed, progress=not args.quiet)
    print(json.dumps(report.to_dict(), indent=1) if args.json else report)
    return 0 if report.ok else 1


def cmd_preview(args) -> int:
    from syndata import preview

    print(preview(args.path, out=args.out, max_levels=args.levels))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from syndata import __version__

    p = argparse.ArgumentParser(prog="syndata", description="Synthetic corpora with exactly known factors.")
    p.add_argument("--version", action="version", version=f"syndata {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("list", help="generators, their factors, levels, defaults, options and presets")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("generate", help="write a corpus (resumes an unfinished one)",
                       description="Write a corpus: the full grid of the varying factors, or --n random draws.")
    s.add_argument("generator", help="generator name (see `syndata list`)")
    s.add_argument("--factors", help="comma-separated factors that vary (others at their default)")
    s.add_argument("--n", type=int, help="number of random draws from the grid (default: full grid)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--preset", help="named configuration (see `syndata list`)")
    s.add_argument("--set", action="append", metavar="OPTION=VALUE", help="generator option, repeatable")
    s.add_argument("--fix", action="append", metavar="FACTOR=VALUE",
                   help="level at which a non-varying factor is held, repeatable")
    s.add_argument("--out", required=False, help="corpus directory (default: ./<generator>)")
    s.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    s.add_argument("--shard-size", type=int, default=None, help="samples per shard (default 500)")
    s.add_argument("--overwrite", action="store_true", help="replace a corpus of another config in --out")
    s.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    s.set_defaults(func=cmd_generate)

    s = sub.add_parser("info", help="summarise a corpus")
    s.add_argument("path")
    s.add_argument("--json", action="store_true", help="the manifest without the file list")
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("verify", help="checksums, regeneration and factors measured back; exit 1 on problems")
    s.add_argument("path")
    s.add_argument("--regenerate", type=int, default=64, help="samples regenerated byte for byte")
    s.add_argument("--measure", type=int, default=2000, help="samples measured back (random)")
    s.add_argument("--all", action="store_true", help="measure every sample")
    s.add_argument("--seed", type=int, default=0, help="seed of the choice of samples")
    s.add_argument("--json", action="store_true")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("preview", help="PNG grid of spectrograms sweeping each varying factor")
    s.add_argument("path")
    s.add_argument("--out", help="image path (default: <corpus>/preview/factors.png)")
    s.add_argument("--levels", type=int, default=8, help="levels shown per factor")
    s.set_defaults(func=cmd_preview)
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "out", "x") is None and args.command == "generate":
        args.out = args.generator
    try:
        return args.func(args)
    except SyndataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: rerun the same command to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
