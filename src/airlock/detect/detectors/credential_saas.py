"""Rules for SaaS credentials: business apps, messaging, email, payments and AI."""

from __future__ import annotations

from airlock.detect.detectors.credential_checks import (
    discord_bot_ok,
    openai_score,
    random_enough,
)
from airlock.detect.detectors.credential_rules import (
    B64_END,
    END,
    HEX,
    UUID,
    CredentialRule,
    token_rule,
)

SAAS_RULES: tuple[CredentialRule, ...] = (
    # --- productivity and business applications ---
    token_rule(
        "ATLASSIAN_API_TOKEN",
        r"\bATATT3[A-Za-z0-9_\-=]{16}",
        r"ATATT3[A-Za-z0-9_\-=]{180,192}",
        end=r"(?![A-Za-z0-9_\-=])",
        entropy=3.5,
    ),
    token_rule("LINEAR_API_KEY", r"\blin_api_[A-Za-z0-9]{16}", r"lin_api_[A-Za-z0-9]{40}"),
    token_rule("NOTION_TOKEN", r"\bntn_[0-9]{11}[A-Za-z0-9]{8}", r"ntn_[0-9]{11}[A-Za-z0-9]{35}"),
    token_rule(
        "NOTION_TOKEN",
        r"\bsecret_[A-Za-z0-9]{43}",
        r"secret_[A-Za-z0-9]{43}",
        score=0.45,
        entropy=3.5,
        context=("notion",),
        context_score=0.9,
    ),
    token_rule("FIGMA_TOKEN", r"\bfigd_[A-Za-z0-9_\-]{16}", r"figd_[A-Za-z0-9_\-]{36,48}"),
    token_rule(
        "AIRTABLE_TOKEN", r"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{16}", r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}"
    ),
    token_rule(
        "HUBSPOT_TOKEN", r"\bpat-(?:na|eu)[0-9]-[0-9a-f]{8}-", r"pat-(?:na|eu)[0-9]-" + UUID
    ),
    token_rule("CONTENTFUL_TOKEN", r"\bCFPAT-[A-Za-z0-9_\-]{16}", r"CFPAT-[A-Za-z0-9_\-]{43}"),
    token_rule(
        "SHOPIFY_TOKEN",
        r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
        r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
    ),
    # --- messaging and email ---
    token_rule(
        "SLACK_TOKEN",
        r"\bxox(?:[abposr]|e\.xox[bp]|e)-[0-9A-Za-z]",
        r"xox(?:[abposr]|e\.xox[bp]|e)-(?:[0-9]{1,13}-){0,4}[A-Za-z0-9]{8,180}",
        max_len=280,
    ),
    token_rule(
        "SLACK_APP_TOKEN",
        r"\bxapp-[0-9]-[A-Z0-9]{9,12}-",
        r"xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-f0-9]{64}",
    ),
    token_rule(
        "SLACK_WEBHOOK",
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/",
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{8,12}/"
        r"(?:[A-Z0-9]{8,14}/)?(?:[0-9]{6,20}/)?[A-Za-z0-9]{24,32}",
        entropy=3.5,
    ),
    token_rule(
        "DISCORD_WEBHOOK",
        r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/",
        r"https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/"
        r"[0-9]{17,20}/[A-Za-z0-9_\-]{60,68}",
        entropy=3.5,
    ),
    CredentialRule(
        "DISCORD_BOT_TOKEN",
        r"[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.",
        r"(?<![A-Za-z0-9_\-])[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}"
        + END,
        score=0.9,
        validate=discord_bot_ok,
    ),
    token_rule(
        "TELEGRAM_BOT_TOKEN",
        r"[0-9]{8,10}:A[A-Za-z0-9_\-]{34}",
        r"(?<![0-9])[0-9]{8,10}:A[A-Za-z0-9_\-]{34}",
        score=0.9,
    ),
    token_rule(
        "TWILIO_API_KEY",
        r"\bSK[0-9a-fA-F]{32}\b",
        r"SK[0-9a-fA-F]{32}",
        score=0.75,
        context=("twilio",),
        context_score=0.95,
    ),
    CredentialRule(
        "TWILIO_ACCOUNT_SID",
        r"\bAC[0-9a-f]{32}\b",
        score=0.4,
        context=("twilio", "account_sid", "accountsid", "account sid"),
        context_score=0.85,
        validate=random_enough(3.0, skip=2),
    ),
    token_rule(
        "SENDGRID_API_KEY",
        r"\bSG\.[A-Za-z0-9_\-]{22}\.",
        r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
    ),
    token_rule(
        "MAILGUN_API_KEY",
        r"\bkey-[0-9a-f]{32}",
        r"key-[0-9a-f]{32}",
        score=0.45,
        context=("mailgun",),
        context_score=0.9,
    ),
    token_rule(
        "MAILCHIMP_API_KEY",
        r"\b[0-9a-f]{32}-us[0-9]{1,2}\b",
        r"[0-9a-f]{32}-us[0-9]{1,2}",
        score=0.85,
        context=("mailchimp",),
        context_score=0.95,
    ),
    token_rule(
        "BREVO_API_KEY", r"\bxkeysib-[a-f0-9]{64}-", r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}"
    ),
    # --- payments ---
    token_rule(
        "STRIPE_SECRET_KEY",
        r"\bsk_(?:live|prod)_[A-Za-z0-9]{16}",
        r"sk_(?:live|prod)_[A-Za-z0-9]{24,247}",
    ),
    token_rule(
        "STRIPE_RESTRICTED_KEY",
        r"\brk_(?:live|prod)_[A-Za-z0-9]{16}",
        r"rk_(?:live|prod)_[A-Za-z0-9]{24,247}",
    ),
    token_rule(
        "STRIPE_TEST_KEY",
        r"\b[sr]k_test_[A-Za-z0-9]{16}",
        r"[sr]k_test_[A-Za-z0-9]{24,247}",
        score=0.9,
    ),
    token_rule(
        "STRIPE_WEBHOOK_SECRET",
        r"\bwhsec_[A-Za-z0-9+/]{16}",
        r"whsec_[A-Za-z0-9+/]{32,88}={0,2}",
        end=B64_END,
    ),
    token_rule("SQUARE_ACCESS_TOKEN", r"\bsq0atp-[A-Za-z0-9_\-]{22}", r"sq0atp-[A-Za-z0-9_\-]{22}"),
    token_rule(
        "SQUARE_ACCESS_TOKEN",
        r"\bEAAA[A-Za-z0-9_\-]{16}",
        r"EAAA[A-Za-z0-9_\-]{60}",
        score=0.45,
        entropy=3.5,
        context=("square",),
        context_score=0.9,
    ),
    token_rule("SQUARE_OAUTH_SECRET", r"\bsq0csp-[A-Za-z0-9_\-]{16}", r"sq0csp-[A-Za-z0-9_\-]{43}"),
    token_rule(
        "BRAINTREE_ACCESS_TOKEN",
        r"\baccess_token\$production\$[0-9a-z]{16}\$",
        r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}",
    ),
    # --- AI providers ---
    CredentialRule(
        "OPENAI_API_KEY",
        r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20}",
        r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,250}" + END,
        max_len=280,
        check=openai_score,
    ),
    token_rule(
        "OPENAI_API_KEY",
        r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ",
        r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
        score=0.99,
    ),
    token_rule(
        "ANTHROPIC_API_KEY",
        r"\bsk-ant-api03-[A-Za-z0-9_\-]{16}",
        r"sk-ant-api03-[A-Za-z0-9_\-]{93}AA",
        score=0.99,
    ),
    token_rule(
        "ANTHROPIC_ADMIN_KEY",
        r"\bsk-ant-admin01-[A-Za-z0-9_\-]{16}",
        r"sk-ant-admin01-[A-Za-z0-9_\-]{93}AA",
        score=0.99,
    ),
    token_rule("HUGGINGFACE_TOKEN", r"\bhf_[A-Za-z]{34}", r"hf_[A-Za-z]{34}", entropy=3.5),
    token_rule(
        "HUGGINGFACE_TOKEN", r"\bapi_org_[A-Za-z]{34}", r"api_org_[A-Za-z]{34}", entropy=3.5
    ),
    token_rule("GROQ_API_KEY", r"\bgsk_[A-Za-z0-9]{20}", r"gsk_[A-Za-z0-9]{52}", entropy=3.5),
    token_rule("REPLICATE_API_TOKEN", r"\br8_[A-Za-z0-9]{37}", r"r8_[A-Za-z0-9]{37}", entropy=3.5),
    token_rule(
        "PERPLEXITY_API_KEY", r"\bpplx-[A-Za-z0-9]{20}", r"pplx-[A-Za-z0-9]{48}", entropy=3.5
    ),
    token_rule("XAI_API_KEY", r"\bxai-[A-Za-z0-9]{20}", r"xai-[A-Za-z0-9]{80}", entropy=3.5),
    token_rule("OPENROUTER_API_KEY", r"\bsk-or-v1-" + HEX + "{16}", r"sk-or-v1-" + HEX + "{64}"),
    token_rule(
        "LANGSMITH_API_KEY",
        r"\blsv2_(?:pt|sk)_" + HEX + "{32}_",
        r"lsv2_(?:pt|sk)_" + HEX + "{32}_" + HEX + "{10}",
    ),
)
