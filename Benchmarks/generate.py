#!/usr/bin/env python3
"""Writes an invented Identity Manager working directory for the benchmark.

    python3 Benchmarks/generate.py --xml-mib 50 --out /tmp/idm50 [--shape default|attributes|quirks]

Output (deterministic: a fixed seed, the same bytes on every run and machine):

    OUT/Conf/Agents.xml                        the agent
    OUT/Conf/Connectors/Connectors-NNNN.xml    ~1 MiB each: Connector, Connection, EntityType
                                               (Property), EntityTypeMapping (Property),
                                               EntityAssociation, EntityAssociationMapping,
                                               ExportTask
    OUT/Runtime/appsettings.agent.json         one Connections entry per connection
    OUT/Temp/ExportOutput/<c>.csv, <c>_<t>.csv a header (mapped columns + a few unmapped) and
                                               two data rows per export table

Shapes:

    default      the elements above, 3-7 attributes each
    attributes   the same elements with many attributes each (every language of the display
                 names, descriptions, the documented flags of properties and mappings): about
                 25 attributes per element, ~40 distinct attribute names
    onefile      the default shape's elements in one Connectors file (peak memory must not grow
                 with the size of one file)
    quirks       what the product allows and the default shape never has: EntityTypeMapping and
                 EntityAssociationMapping without a Connector attribute (owner found through the
                 ConnectionTable), agent settings for one connection in five, and a non-ASCII
                 connection identifier

Every name is invented, hosts are under example.test and every secret is `FAKE-SECRET-...`.
Python 3 standard library only.
"""

import argparse
import json
import os
import random
import shutil
import sys
import zlib

SEED = 20261129
FILE_BYTES = 1 << 20  # start a new XML file past 1 MiB
NS = "urn:schemas-usercube-com:configuration"
AGENT = "AgentBench"

# Column names that look like real export headers; extended with invented ones.
COMMON_COLUMNS = [
    "employeeId", "login", "firstName", "lastName", "displayName", "mail", "phone", "mobile",
    "title", "department", "company", "office", "manager", "costCenter", "location", "country",
    "city", "postalCode", "street", "startDate", "endDate", "status", "contractType", "grade",
    "birthDate", "badge", "division", "team", "site", "building", "floor", "room", "language",
    "timeZone", "nickname", "pronouns", "externalId", "sourceSystem", "lastModified", "createdAt",
]
AD_COLUMNS = [
    "dn", "objectGUID", "sAMAccountName", "userPrincipalName", "cn", "givenName", "sn",
    "displayName", "mail", "employeeID", "userAccountControl", "accountExpires", "pwdLastSet",
    "objectSid", "objectCategory", "objectClass", "whenCreated", "whenChanged", "telephoneNumber",
    "mobile", "title", "department", "company", "manager", "physicalDeliveryOfficeName",
    "description", "info", "extensionAttribute1", "extensionAttribute2", "extensionAttribute3",
    "homeDirectory", "homeDrive", "scriptPath", "profilePath", "lastLogonTimestamp", "parentdn",
]
SYLLABLES = ["ka", "lo", "mi", "ran", "tel", "vo", "sen", "dri", "pa", "nu", "qui", "zor",
             "bel", "fa", "gor", "hin", "jas", "ket", "lum", "nor", "os", "pry", "ras", "tov"]
FORMATS = ["guid", "1601date", "datetime", "int32", "bool", "sid", "rdn"]
TYPES = ["String", "String", "String", "String", "DateTime", "Int32", "Bool", "Guid"]
PACKAGES = [  # (package, kind) in rotation; kind decides the tables and settings
    ("Usercube.AD@0000001", "ad"),
    ("Usercube.CSV@0000001", "csv"),
    ("Usercube.SQL@0000001", "sql"),
    ("Usercube.SQL.SQLServer@0000001", "sql"),
    ("Usercube.CSV@0000001", "csv"),
    ("Usercube.Powershell@0000001", "fulfill"),  # no export: no files, no schema
]


def esc(value):
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def word(rng, parts=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def invented_column(rng):
    return word(rng, 2) + word(rng, 1).capitalize() + str(rng.randrange(10))


LANGUAGES = range(1, 9)  # DisplayName_L1 .. DisplayName_L8


def many(rng, kind):
    """The extra attributes of the `attributes` shape for an element of `kind` (display names
    from the third language on for the elements that already have the first two)."""
    out = []
    for l in LANGUAGES:
        if l <= 2 and kind != "mapping":
            continue
        out.append(' DisplayName_L%d="%s"' % (l, esc(word(rng, 3).capitalize())))
    if kind in ("property", "entity", "connection"):
        for l in LANGUAGES:
            out.append(' Description_L%d="%s"' % (l, esc(word(rng, 4) + " " + word(rng, 2))))
    if kind == "property":
        out.append(' IsMultiValued="%s" IsRequired="%s" GroupIndex="%d" HistoryPrecision="%d" FlexibleComparisonExpression="%s"'
                   % ("true" if rng.random() < 0.1 else "false", "true" if rng.random() < 0.3 else "false",
                      rng.randrange(8), rng.randrange(4), esc("C#:person:return person." + word(rng) + ";")))
    if kind == "mapping":
        out.append(' IsBinary="false" MaxLength="%d" IsCaseSensitive="%s" IsNeutral="false"'
                   ' TimeZone="Europe/Paris" Comment="%s" Order="%d"'
                   % (rng.randrange(16, 512), "true" if rng.random() < 0.5 else "false", esc(word(rng, 3)), rng.randrange(100)))
    return "".join(out)


class Unit:
    """One connector with its connections, entity model, mappings and export tasks."""

    def __init__(self, rng, index, shape="default"):
        self.shape = shape
        self.index = index
        self.name = "Bench%05d" % index
        self.connections = []  # (identifier, package, kind, [(table, columns, separator)])
        kinds = [PACKAGES[(index + k) % len(PACKAGES)] for k in range(3)]
        for k, (package, kind) in enumerate(kinds):
            conn = "%s%s%d" % (self.name, {"ad": "Dir", "csv": "Hr", "sql": "Db", "fulfill": "Ps"}[kind], k)
            if shape == "quirks" and index == 3 and k == 0:
                conn = self.name + "Réseau%d" % k  # one non-ASCII identifier in the whole configuration
            tables = []
            if kind == "ad":
                columns = AD_COLUMNS[:rng.randrange(24, len(AD_COLUMNS) + 1)]
                tables.append((conn + "_entries", columns, ","))
                tables.append((conn + "_members", ["dn", "member"], ","))
            elif kind in ("csv", "sql"):
                pool = COMMON_COLUMNS + [invented_column(rng) for _ in range(20)]
                columns = ["employeeId"] + rng.sample(pool[1:], rng.randrange(18, 36))
                columns = list({c.lower(): c for c in reversed(columns)}.values())[::-1]
                tables.append((conn, columns, ";" if kind == "csv" and index % 2 else ","))
            self.connections.append((conn, package, kind, tables))

    def xml(self, rng):
        out = []
        n = self.name
        rich = self.shape == "attributes"
        # quirks: mappings name their connector only through the ConnectionTable.
        connector = "" if self.shape == "quirks" else ' Connector="%s"' % n
        out.append('  <Connector Identifier="%s" DisplayName_L1="%s connector" DisplayName_L2="Connecteur %s" Agent="%s" />\n'
                   % (n, n, n, AGENT))
        for conn, package, kind, tables in self.connections:
            out.append('  <Connection Identifier="%s" DisplayName_L1="%s" DisplayName_L2="%s" Connector="%s" Package="%s"%s />\n'
                       % (conn, esc('%s "%s" %s' % (kind.upper(), word(rng).capitalize(), conn)),
                          esc("%s & %s" % (conn, word(rng))), n, package, many(rng, "connection") if rich else ""))
        for conn, package, kind, tables in self.connections:
            if not tables:
                continue
            entity = conn + "_" + ("Entry" if kind == "ad" else "Person")
            columns = tables[0][1]
            # Not every column is mapped: the last few stay available for mapping.
            mapped = columns[:max(2, len(columns) - rng.randrange(2, 6))]
            props = [(c[0].lower() + c[1:]).replace("-", "") for c in mapped]
            out.append('  <EntityType Identifier="%s" DisplayName_L1="%s" DisplayName_L2="%s"%s>\n'
                       % (entity, esc(entity.replace("_", " ")), esc(word(rng, 3).capitalize()), many(rng, "entity") if rich else ""))
            for i, p in enumerate(props):
                out.append('    <Property Identifier="%s" DisplayName_L1="%s" DisplayName_L2="%s" Type="%s"%s TargetColumnIndex="%d"%s />\n'
                           % (p, esc(p + " (" + word(rng) + ")"), esc(word(rng, 2).capitalize()),
                              "String" if i == 0 else rng.choice(TYPES), ' IsKey="true"' if i == 0 else "", 4 + i,
                              many(rng, "property") if rich else ""))
            if kind == "ad":
                out.append('    <Property Identifier="members" DisplayName_L1="Members" Type="ForeignKey" />\n')
                out.append('    <Property Identifier="memberOf" DisplayName_L1="Member of" Type="ForeignKey" />\n')
            out.append('  </EntityType>\n')
            out.append('  <EntityTypeMapping Identifier="%s"%s ConnectionTable="%s">\n'
                       % (entity, connector, tables[0][0]))
            for i, (p, c) in enumerate(zip(props, mapped)):
                extra = ' IsPrimaryKey="true"' if i == 0 else (' IsUniqueKey="true"' if i == 1 else "")
                if i > 1 and rng.random() < 0.15:
                    extra += ' Format="%s"' % rng.choice(FORMATS)
                if rich:
                    extra += many(rng, "mapping")
                out.append('    <Property Identifier="%s" ConnectionColumn="%s"%s />\n' % (p, c, extra))
            out.append('  </EntityTypeMapping>\n')
            if kind == "ad":
                assoc = entity + "_Members"
                out.append('  <EntityAssociation Identifier="%s" DisplayName_L1="%s" IsProperty1Collection="true" IsProperty2Collection="true" Property1="%s:members" Property2="%s:memberOf" />\n'
                           % (assoc, esc(assoc.replace("_", " ")), entity, entity))
                out.append('  <EntityAssociationMapping Identifier="%s"%s ConnectionTable="%s" Column1="dn" EntityPropertyMapping1="%s:dn" Column2="member" EntityPropertyMapping2="%s:dn" />\n'
                           % (assoc, connector, tables[1][0], entity, entity))
        for conn, package, kind, tables in self.connections:
            if tables:
                out.append('  <ExportTask Identifier="%s_Export" DisplayName_L1="Export %s" Agent="%s" OpenIdClient="Job" Connection="%s" ContinueOnError="%s" />\n'
                           % (conn, conn, AGENT, conn, "true" if rng.random() < 0.2 else "false"))
        return "".join(out)

    def settings(self, rng):
        result = []
        for conn, package, kind, tables in self.connections:
            host = "%s.%s.example.test" % (word(rng).lower(), self.name.lower())
            if kind == "ad":
                value = {
                    "Servers": [{"Server": "dc01." + host, "BaseDN": "DC=%s,DC=example,DC=test" % self.name.lower()}],
                    "AuthType": "Basic",
                    "Login": "svc-idm@" + host,
                    "Password": "FAKE-SECRET-%s-password" % conn.lower(),
                    "Filter": "(objectclass=*)",
                    "EnableSSL": True,
                }
            elif kind == "csv":
                value = {"Path": "D:/IdentityManager/Sources/%s/%s.csv" % (self.name, conn),
                         "Separator": tables[0][2], "Encoding": "UTF-8"}
            elif kind == "sql":
                value = {"ConnectionString": "Server=sql.%s;Database=%s;User Id=idm;Password=FAKE-SECRET-%s;"
                                             % (host, conn, conn.lower()),
                         "Timeout": 300, "SqlCommand": "SELECT * FROM people"}
            else:
                value = {"PowerShellScriptPath": "D:/IdentityManager/Scripts/%s.ps1" % conn,
                         "Options": {"Login": "svc@" + host, "Password": "FAKE-SECRET-%s" % conn.lower()}}
            result.append((conn, value))
        return result

    def exports(self, rng):
        for conn, package, kind, tables in self.connections:
            for table, columns, sep in tables:
                extra = [invented_column(rng) for _ in range(rng.randrange(1, 4))]  # unmapped
                seen = {c.lower() for c in columns}
                header = columns + [c for c in extra if c.lower() not in seen]
                rows = [[word(rng) + str(rng.randrange(1000)) for _ in header] for _ in range(2)]
                yield table + ".csv", "".join(sep.join(r) + "\n" for r in [header] + rows)


def generate(xml_mib, out, shape="default"):
    rng = random.Random(SEED)
    if os.path.exists(out):
        shutil.rmtree(out)
    conf = os.path.join(out, "Conf", "Connectors")
    export = os.path.join(out, "Temp", "ExportOutput")
    runtime = os.path.join(out, "Runtime")
    for d in (conf, export, runtime):
        os.makedirs(d)

    header = '<?xml version="1.0" encoding="utf-8"?>\n<ConfigurationFile xmlns="%s">\n' % NS
    footer = "</ConfigurationFile>\n"
    agents = (header + '  <!-- Benchmark agent; every name in this folder is invented. -->\n'
              '  <Agent Identifier="%s" DisplayName_L1="Benchmark agent" URI="https://agent.example.test" />\n'
              % AGENT + footer).encode()
    with open(os.path.join(out, "Conf", "Agents.xml"), "wb") as f:
        f.write(agents)

    target = xml_mib * (1 << 20)
    total = len(agents)
    settings = []
    file_index = 0
    unit_index = 0
    connections = 0
    tables = 0
    attributes = elements = 0
    # `onefile`: every connector in one file; its units are the default shape's.
    file_bytes = target + FILE_BYTES if shape == "onefile" else FILE_BYTES
    unit_shape = "default" if shape == "onefile" else shape
    while total < target:
        file_index += 1
        parts = [header, "  <!-- Connectors file %d (generated) -->\n" % file_index]
        size = sum(len(p) for p in parts) + len(footer)
        while size < file_bytes and total + size < target:
            unit_index += 1
            unit = Unit(rng, unit_index, unit_shape)
            text = unit.xml(rng)
            parts.append(text)
            size += len(text.encode())
            unit_settings = unit.settings(rng)
            if shape == "quirks":  # most connections have no agent settings
                unit_settings = [s for s in unit_settings if zlib.crc32(s[0].encode()) % 5 == 0]
            settings.extend(unit_settings)
            connections += len(unit.connections)
            for name, body in unit.exports(rng):
                with open(os.path.join(export, name), "w", newline="") as f:
                    f.write(body)
                tables += 1
        parts.append(footer)
        data = "".join(parts).encode()
        attributes += data.count(b'="')
        elements += data.count(b"<") - data.count(b"</") - data.count(b"<!--") - data.count(b"<?") - 1  # the root
        with open(os.path.join(conf, "Connectors-%04d.xml" % file_index), "wb") as f:
            f.write(data)
        total += len(data)

    agent_settings = {
        "OpenId": {"AgentIdentifier": AGENT, "OpenIdClients": {"Job": "FAKE-SECRET-openid-job"},
                   "DefaultOpenIdClient": "Job"},
        "Connections": dict(settings),
    }
    with open(os.path.join(runtime, "appsettings.agent.json"), "w") as f:
        f.write("// Benchmark agent settings: every secret below is fake.\n")
        json.dump(agent_settings, f, indent=2)
        f.write("\n")
    return {"shape": shape, "xml_bytes": total, "xml_files": file_index + 1, "connectors": unit_index,
            "connections": connections, "export_tables": tables,
            "elements": elements, "attributes": attributes, "attributes_per_element": round(attributes / max(elements, 1), 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xml-mib", type=int, required=True, help="MiB of XML to write (5, 20, 50)")
    parser.add_argument("--out", required=True, help="working directory to (re)create")
    parser.add_argument("--shape", default="default", choices=["default", "attributes", "onefile", "quirks"],
                        help="default, attributes (many attributes per element), onefile or quirks")
    args = parser.parse_args()
    facts = generate(args.xml_mib, args.out, args.shape)
    json.dump(facts, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
