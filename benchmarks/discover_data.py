"""Seeded, realistic logs for the discovery benchmark: business traffic, AI traffic, and
planted services, people and uploads whose discovery is checked afterwards."""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

START = 1_762_000_000.0  # 2025-11-01 UTC
DAYS = 14
DEPARTMENTS = ["Finance", "Sales", "Engineering", "Legal", "HR", "Marketing", "Support"]
BACKGROUND_AI = [
    "chatgpt.com",
    "chat.openai.com",
    "api.openai.com",
    "claude.ai",
    "gemini.google.com",
    "copilot.microsoft.com",
    "perplexity.ai",
    "www.perplexity.ai",
    "api.anthropic.com",
    "githubcopilot.com",
    "api.githubcopilot.com",
    "grammarly.com",
    "www.notion.so",
    "www.canva.com",
    "deepl.com",
    "www.deepl.com",
    "huggingface.co",
    "cursor.sh",
]
# Planted: (person, department, host) per service; each must show up in the report.
PLANTED = [
    ("planted.ana", "Finance", "chat.deepseek.com"),
    ("planted.ben", "Legal", "chat.mistral.ai"),
    ("planted.cho", "Engineering", "api.groq.com"),
    ("planted.dee", "Marketing", "www.midjourney.com"),
    ("planted.eli", "Sales", "otter.ai"),
    ("planted.fay", "HR", "app.fireflies.ai"),
    ("planted.gus", "Engineering", "api.together.xyz"),
    ("planted.hal", "Support", "character.ai"),
    ("planted.ivy", "Marketing", "elevenlabs.io"),
    ("planted.jon", "Finance", "kimi.moonshot.cn"),
    ("planted.kai", "Engineering", "myteam.openai.azure.com"),
    ("planted.liv", "Legal", "bedrock-runtime.eu-west-1.amazonaws.com"),
    ("planted.max", "Sales", "app.jasper.ai"),
    ("planted.noa", "Engineering", "replit.com"),
    ("planted.oli", "HR", "www.synthesia.io"),
    ("planted.pia", "Support", "poe.com"),
]
LOOKALIKES = ["notopenai.com", "openai.com.cdn-example.net", "myclaude.ai.example.org"]


@dataclass
class Truth:
    """What the generator planted, for the checks after the run."""

    services: set[str] = field(default_factory=set)  # hosts
    people: dict[str, str] = field(default_factory=dict)  # person -> host
    uploads: list[tuple[str, str, int]] = field(default_factory=list)  # (person, host, bytes)
    lines: dict[str, int] = field(default_factory=dict)


class World:
    """Users, IPs and hosts shared by every format, from one seed."""

    def __init__(self, seed: int, users: int = 3000, sites: int = 6000) -> None:
        self.rng = random.Random(seed)
        self.users = [f"user{i:04d}" for i in range(users)]
        self.ips = [f"10.{20 + i // 250}.{i % 250}.{1 + i % 200}" for i in range(users)]
        self.departments = [DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(users)]
        words = ["cloud", "data", "shop", "news", "bank", "media", "mail", "docs", "cdn", "api"]
        self.sites = [
            f"{'www.' if i % 3 else ''}{words[i % 10]}{i}.{('com', 'net', 'org', 'io')[i % 4]}"
            for i in range(sites)
        ] + LOOKALIKES
        self.site_weights = [1.0 / (1 + i) ** 0.8 for i in range(len(self.sites))]
        self.planted_ips = {p: f"10.99.0.{i + 1}" for i, (p, _, _) in enumerate(PLANTED)}

    def identity_csv(self, path: Path) -> None:
        rows = ["ip,person,department"]
        rows += [
            f"{ip},{u},{d}" for ip, u, d in zip(self.ips, self.users, self.departments, strict=True)
        ]
        rows += [f"{self.planted_ips[p]},{p},{d}" for p, d, _ in PLANTED]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    def events(self, n: int, ai_share: float = 0.05) -> list[tuple[float, int, str, int]]:
        """(ts, user index, host, bytes_out) for `n` background events, time-ordered."""
        rng = self.rng
        times = sorted(START + rng.random() * DAYS * 86_400 for _ in range(n))
        hosts = rng.choices(self.sites, weights=self.site_weights, k=n)
        users = [rng.randrange(len(self.users)) for _ in range(n)]
        out = []
        for ts, site, user in zip(times, hosts, users, strict=True):
            if rng.random() < ai_share:
                ai = BACKGROUND_AI[user % len(BACKGROUND_AI)]
                out.append((ts, user, ai, rng.randrange(200, 200_000)))
            else:
                out.append((ts, user, site, rng.randrange(200, 20_000)))
        return out


def write_squid(world: World, folder: Path, files: int, lines: int, truth: Truth) -> list[Path]:
    """Squid native logs with `%>st` appended (request size), rotated into `files` files."""
    rng = world.rng
    per_file = lines // files
    paths = []
    uploads = [(p, h, (i + 1) * 7_340_032) for i, (p, _, h) in enumerate(PLANTED)]
    for index in range(files):
        path = folder / ("access.log" if index == 0 else f"access.log.{index}")
        events = world.events(per_file)
        if index == 0:
            for i, (_person, _, host) in enumerate(PLANTED):
                ts = START + 3600 * (i + 1)
                events.append((ts, -1 - i, host, 900))
            for i, (_person, host, size) in enumerate(uploads):
                events.append((START + 86_400 * 2 + 60 * i, -1 - i, host, size))
        with path.open("w", encoding="ascii") as out:
            for ts, user, host, sent in events:
                if user < 0:
                    person = PLANTED[-1 - user][0]
                    ip, name = world.planted_ips[person], person
                else:
                    ip, name = world.ips[user], world.users[user] if user % 2 else "-"
                if sent > 100_000 or rng.random() < 0.3:
                    request = f"POST https://{host}/api/v1/{user % 97}"
                else:
                    request = f"CONNECT {host}:443"
                received = rng.randrange(300, 400_000)
                out.write(
                    f"{ts:.3f} {rng.randrange(1, 60_000):6d} {ip} TCP_MISS/200 {received} "
                    f"{request} {name} HIER_DIRECT/203.0.113.{user % 250} text/html {sent}\n"
                )
        truth.lines[path.name] = len(events)
        paths.append(path)
    truth.services |= {h for _, _, h in PLANTED}
    truth.people |= {p: h for p, _, h in PLANTED}
    truth.uploads += uploads
    return paths


def write_zeek_ssl(world: World, path: Path, lines: int, truth: Truth) -> None:
    header = (
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
        "#path\tssl\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\t"
        "cipher\tserver_name\n#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\n"
    )
    with gzip.open(path, "wt", encoding="ascii", compresslevel=1) as out:
        out.write(header)
        for ts, user, host, _ in world.events(lines):
            out.write(
                f"{ts:.6f}\tC{user}\t{world.ips[user]}\t{40000 + user % 20000}\t198.51.100.7\t443\t"
                f"TLSv13\tTLS_AES_128_GCM_SHA256\t{host}\n"
            )
        out.write("#close\t2025-11-15-00-00-00\n")
    truth.lines[path.name] = lines


def write_zeek_dns_json(world: World, path: Path, lines: int, truth: Truth) -> None:
    with gzip.open(path, "wt", encoding="ascii", compresslevel=1) as out:
        for ts, user, host, _ in world.events(lines):
            record = {
                "ts": datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "uid": f"D{user}",
                "id.orig_h": world.ips[user],
                "id.orig_p": 50000,
                "query": host,
                "qtype_name": "A",
                "trans_id": user % 65535,
                "rcode": 0,
            }
            out.write(json.dumps(record) + "\n")
    truth.lines[path.name] = lines


def write_umbrella(world: World, path: Path, lines: int, truth: Truth) -> None:
    with path.open("w", encoding="ascii") as out:
        for ts, user, host, _ in world.events(lines):
            when = datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")
            name = world.users[user]
            out.write(
                f'"{when}","{name}","{name},HQ","{world.ips[user]}","203.0.113.9","Allowed",'
                f'"1 (A)","NOERROR","{host}.","Business"\n'
            )
    truth.lines[path.name] = lines


def write_zscaler(world: World, path: Path, lines: int, truth: Truth) -> None:
    rng = world.rng
    with path.open("w", encoding="ascii") as out:
        for ts, user, host, sent in world.events(lines):
            when = datetime.fromtimestamp(ts, UTC).strftime("%a %b %d %H:%M:%S %Y")
            out.write(
                f'"{when}","{world.users[user]}@example.com","{world.ips[user]}","POST","200",'
                f'"https://{host}/x","{sent}","{rng.randrange(300, 90_000)}","Allowed","Web","App"\n'
            )
    truth.lines[path.name] = lines
