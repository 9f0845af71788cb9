"""TOML policies: what the controller declared, validated before any crawl starts."""

from scrapeguard.policy.errors import PolicyError
from scrapeguard.policy.loader import DEFAULT_POLICY_ID, builtin_policy_dirs, find_policy, load_policy
from scrapeguard.policy.model import Override, Policy, Purpose, UnknownPurpose

__all__ = [
    "DEFAULT_POLICY_ID",
    "Override",
    "Policy",
    "PolicyError",
    "Purpose",
    "UnknownPurpose",
    "builtin_policy_dirs",
    "find_policy",
    "load_policy",
]
