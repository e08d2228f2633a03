"""Rules for cloud-provider, infrastructure and developer-tool credentials."""

from __future__ import annotations

from airlock.detect.detectors.credential_checks import (
    aws_secret_ok,
    azure_connection_ok,
    b64_json,
    b64_length,
    crc32_token_score,
    random_enough,
    sas_signature_ok,
)
from airlock.detect.detectors.credential_rules import (
    B64_END,
    END,
    HEX,
    SEP,
    UUID,
    CredentialRule,
    token_rule,
)

CLOUD_RULES: tuple[CredentialRule, ...] = (
    # --- cloud providers ---
    CredentialRule(
        "AWS_ACCESS_KEY",
        r"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b",
        score=0.95,
        validate=lambda v: "EXAMPLE" not in v and random_enough(2.5, skip=4)(v),
    ),
    CredentialRule(
        "AWS_SECRET_KEY",
        r"(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)",
        r"(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)" + SEP + r"([A-Za-z0-9/+]{40})"
        r"(?![A-Za-z0-9/+=])",
        group=1,
        ignore_case=True,
        validate=aws_secret_ok,
    ),
    token_rule(
        "AWS_SESSION_TOKEN",
        r"\b(?:FwoGZXIvYXdz|IQoJb3JpZ2luX2)",
        r"(?:FwoGZXIvYXdz|IQoJb3JpZ2luX2)[A-Za-z0-9/+]{100,2000}={0,2}",
        end=B64_END,
        score=0.9,
        max_len=2100,
    ),
    token_rule("GCP_API_KEY", r"\bAIza[0-9A-Za-z_\-]{35}", r"AIza[0-9A-Za-z_\-]{35}", entropy=3.5),
    token_rule(
        "GOOGLE_OAUTH_CLIENT_SECRET", r"\bGOCSPX-[A-Za-z0-9_\-]{28}", r"GOCSPX-[A-Za-z0-9_\-]{28}"
    ),
    token_rule(
        "GOOGLE_OAUTH_TOKEN",
        r"\bya29\.[A-Za-z0-9_\-]{16}",
        r"ya29\.[A-Za-z0-9_\-]{30,2048}",
        entropy=3.5,
        max_len=2100,
    ),
    CredentialRule(
        "AZURE_STORAGE_CONNECTION_STRING",
        r"DefaultEndpointsProtocol=https?;",
        r"DefaultEndpointsProtocol=https?;(?:[A-Za-z]{1,32}=[^;\s\"'<>]{0,256};){0,8}?"
        r"AccountKey=([A-Za-z0-9+/]{86}==)(?:;[A-Za-z]{1,32}=[^;\s\"'<>]{0,256}){0,8};?",
        ignore_case=True,
        score=0.99,
        max_len=2048,
        validate=azure_connection_ok,
    ),
    CredentialRule(
        "AZURE_STORAGE_KEY",
        r"(?:account_?key|storage_?(?:account_?)?(?:access_?)?key)",
        r"(?:account_?key|storage_?(?:account_?)?(?:access_?)?key)"
        + SEP
        + r"([A-Za-z0-9+/]{86}==)"
        + B64_END,
        group=1,
        ignore_case=True,
        validate=b64_length(64),
    ),
    CredentialRule(
        "AZURE_SAS_TOKEN",
        r"[?&;]sig=[A-Za-z0-9%+/]{16}",
        r"[?&;]sig=([A-Za-z0-9%+/]{40,100})(?![A-Za-z0-9%+/=])",
        group=1,
        score=0.85,
        validate=sas_signature_ok,
        context=("sv=", "se=", "sp=", "skn=", "windows.net", "azure", "sharedaccesssignature"),
        context_score=0.95,
    ),
    CredentialRule(
        "AZURE_SHARED_ACCESS_KEY",
        r"SharedAccessKey=",
        r"SharedAccessKey=([A-Za-z0-9+/]{43}=)" + B64_END,
        group=1,
        ignore_case=True,
        validate=b64_length(32),
    ),
    token_rule(
        "AZURE_CLIENT_SECRET",
        r"[A-Za-z0-9_~.]{3}[0-9]Q~",
        r"(?<![A-Za-z0-9_~.\-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34}",
        end=r"(?![A-Za-z0-9_~.\-])",
        score=0.8,
        entropy=3.5,
        context=("azure", "client_secret", "clientsecret", "tenant", "entra", "aad", "secret"),
        context_score=0.95,
    ),
    token_rule(
        "ALIBABA_ACCESS_KEY", r"\bLTAI[A-Za-z0-9]{12}", r"LTAI[A-Za-z0-9]{12,20}", score=0.85
    ),
    token_rule("DIGITALOCEAN_TOKEN", r"\bdo[opr]_v1_[a-f0-9]{16}", r"do[opr]_v1_[a-f0-9]{64}"),
    token_rule("HEROKU_API_KEY", r"\bHRKU-AA[0-9A-Za-z_\-]{16}", r"HRKU-AA[0-9A-Za-z_\-]{58}"),
    CredentialRule(
        "HEROKU_API_KEY",
        r"\b" + UUID + r"\b",
        score=0.85,
        context=("heroku",),
        require_context=True,
    ),
    token_rule("DATABRICKS_TOKEN", r"\bdapi[a-f0-9]{32}", r"dapi[a-f0-9]{32}(?:-[0-9])?"),
    token_rule(
        "HASHICORP_VAULT_TOKEN",
        r"\bhv[sb]\.[A-Za-z0-9_\-]{20}",
        r"hv(?:s\.[A-Za-z0-9_\-]{90,120}|b\.[A-Za-z0-9_\-]{138,300})",
        entropy=3.5,
        max_len=320,
    ),
    CredentialRule(
        "HASHICORP_VAULT_TOKEN",
        r"\bs\.[A-Za-z0-9]{24}\b",
        score=0.85,
        context=("vault",),
        require_context=True,
        validate=lambda v: any(c.isdigit() for c in v) and random_enough(3.5)(v),
    ),
    token_rule(
        "TERRAFORM_CLOUD_TOKEN",
        r"\b[A-Za-z0-9]{14}\.atlasv1\.",
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,70}",
        end=r"(?![A-Za-z0-9_\-=])",
        entropy=3.5,
    ),
    token_rule(
        "DOPPLER_TOKEN",
        r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.",
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[A-Za-z0-9_\-]{1,40}\.)?[A-Za-z0-9]{40,44}",
    ),
    token_rule("PULUMI_ACCESS_TOKEN", r"\bpul-" + HEX + "{40}", r"pul-" + HEX + "{40}"),
    token_rule(
        "PLANETSCALE_TOKEN",
        r"\bpscale_(?:tkn|pw|oauth)_",
        r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.\-]{31,63}[A-Za-z0-9_=\-]",
        end=r"(?![A-Za-z0-9_=.\-])",
    ),
    token_rule("SUPABASE_TOKEN", r"\bsbp_" + HEX + "{40}", r"sbp_" + HEX + "{40}"),
    token_rule(
        "TAILSCALE_KEY",
        r"\btskey-(?:auth|api|client|webhook|scim)-",
        r"tskey-(?:auth|api|client|webhook|scim)-[A-Za-z0-9]{6,40}-[A-Za-z0-9]{16,64}",
    ),
    token_rule(
        "CLOUDFLARE_ORIGIN_CA_KEY",
        r"\bv1\.0-" + HEX + "{24}-",
        r"v1\.0-" + HEX + "{24}-" + HEX + "{146}",
    ),
    # --- source hosting, registries, CI/CD and developer tools ---
    CredentialRule(
        "GITHUB_TOKEN",
        r"\bgh[pousr]_[A-Za-z0-9]{36}",
        r"gh[pousr]_[A-Za-z0-9]{36}" + END,
        check=crc32_token_score,
    ),
    token_rule(
        "GITHUB_TOKEN",
        r"\bgithub_pat_[A-Za-z0-9]{22}_",
        r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
        entropy=3.5,
    ),
    token_rule(
        "GITLAB_TOKEN",
        r"\bgl(?:pat|oas|dt|rt|rtr|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_\-]{8}",
        r"gl(?:pat|oas|dt|rtr|rt|cbt|ptt|ft|imt|agent|soat|ffct)-[A-Za-z0-9_\-]{20,300}"
        r"(?:\.[0-9a-z]{2}[0-9a-z]{7})?",
        max_len=330,
    ),
    token_rule("GITLAB_TOKEN", r"\bGR1348941[A-Za-z0-9_\-]{20}", r"GR1348941[A-Za-z0-9_\-]{20}"),
    CredentialRule(
        "NPM_TOKEN", r"\bnpm_[A-Za-z0-9]{36}", r"npm_[A-Za-z0-9]{36}" + END, check=crc32_token_score
    ),
    token_rule(
        "PYPI_TOKEN",
        r"\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)",
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,1000}",
        entropy=3.5,
        max_len=1100,
    ),
    token_rule("RUBYGEMS_API_KEY", r"\brubygems_" + HEX + "{16}", r"rubygems_" + HEX + "{48}"),
    token_rule(
        "NUGET_API_KEY",
        r"\boy2[a-z0-9]{43}",
        r"oy2[a-z0-9]{43}",
        score=0.8,
        entropy=3.5,
        context=("nuget",),
        context_score=0.95,
    ),
    token_rule(
        "DOCKER_HUB_TOKEN", r"\bdckr_(?:pat|oat)_", r"dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,40}"
    ),
    token_rule("ARTIFACTORY_TOKEN", r"\bAKCp[A-Za-z0-9]{16}", r"AKCp[A-Za-z0-9]{69}", entropy=4.0),
    token_rule(
        "ARTIFACTORY_TOKEN",
        r"\bcmVmdGtuOjAx[A-Za-z0-9]{8}",
        r"cmVmdGtuOjAx[A-Za-z0-9]{52}",
        entropy=4.0,
    ),
    token_rule("SONARQUBE_TOKEN", r"\bsq[pau]_" + HEX + "{16}", r"sq[pau]_" + HEX + "{40}"),
    token_rule(
        "POSTMAN_API_KEY", r"\bPMAK-" + HEX + "{24}-", r"PMAK-" + HEX + "{24}-" + HEX + "{34}"
    ),
    token_rule("SENTRY_AUTH_TOKEN", r"\bsntryu_" + HEX + "{16}", r"sntryu_" + HEX + "{64}"),
    token_rule(
        "SENTRY_AUTH_TOKEN",
        r"\bsntrys_eyJ",
        r"sntrys_eyJ[A-Za-z0-9+/]{10,400}={0,2}_[A-Za-z0-9+/]{43}",
        end=B64_END,
        max_len=520,
    ),
    CredentialRule(
        "SENTRY_DSN",
        r"https?://[a-f0-9]{32}(?::[a-f0-9]{32})?@",
        r"https?://[a-f0-9]{32}(?::[a-f0-9]{32})?@[A-Za-z0-9.\-]{1,253}(?::[0-9]{1,5})?/"
        r"(?:[A-Za-z0-9_\-]{1,64}/)?[0-9]{1,20}(?![0-9])",
        score=0.9,
        max_len=400,
    ),
    token_rule("GRAFANA_TOKEN", r"\bglsa_[A-Za-z0-9]{32}_", r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"),
    CredentialRule(
        "GRAFANA_TOKEN",
        r"\bglc_eyJ",
        r"glc_[A-Za-z0-9+/]{32,400}={0,2}" + B64_END,
        validate=lambda v: b64_json(v, skip=4),
        max_len=420,
    ),
    CredentialRule(
        "GRAFANA_TOKEN",
        r"\beyJrIjoi",
        r"eyJrIjoi[A-Za-z0-9+/]{70,400}={0,2}" + B64_END,
        validate=b64_json,
        max_len=420,
    ),
    token_rule("NEW_RELIC_KEY", r"\bNRAK-[A-Z0-9]{27}", r"NRAK-[A-Z0-9]{27}"),
    token_rule("NEW_RELIC_KEY", r"\bNRII-[A-Za-z0-9_\-]{32}", r"NRII-[A-Za-z0-9_\-]{32}"),
    token_rule("NEW_RELIC_KEY", r"\b[a-f0-9]{36}NRAL", r"[a-f0-9]{36}NRAL"),
    token_rule(
        "DYNATRACE_TOKEN",
        r"\bdt0c01\.[A-Za-z0-9]{24}\.",
        r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}",
    ),
)
