# Two Chatwoot accounts (two brands) from one Terraform configuration, with
# Terraform's provider aliases: each aliased `provider "deskform"` block is a
# provider instance of its own (own process, account, credentials and
# caches), and each resource picks one with `provider = deskform.<alias>`.
#
#   deskform provider install          # once: lays the provider out as a local mirror
#   export TF_VAR_chatwoot_url=https://app.chatwoot.com
#   export TF_VAR_brand_a_token=… TF_VAR_brand_b_token=…
#   terraform init && terraform apply
#
# A setting an aliased block leaves out falls back to the environment
# (CHATWOOT_URL, CHATWOOT_ACCOUNT_ID, CHATWOOT_API_TOKEN, …) like the default
# block's, so it is the same for every alias: set in each block what differs
# between the accounts. One token may serve both accounts when its user is a
# member of both.

terraform {
  required_providers {
    deskform = {
      source  = "deskform/deskform"
      version = "0.1.0"
    }
  }
}

variable "chatwoot_url" {
  type = string
}

variable "brand_a_token" {
  type      = string
  sensitive = true
}

variable "brand_b_token" {
  type      = string
  sensitive = true
}

provider "deskform" {
  alias = "brand_a"
  chatwoot {
    url        = var.chatwoot_url
    account_id = 1
    api_token  = var.brand_a_token
  }
}

provider "deskform" {
  alias = "brand_b"
  chatwoot {
    url        = var.chatwoot_url
    account_id = 2
    api_token  = var.brand_b_token
  }
}

# The same inbox name in both accounts: each instance sees only its own account.
resource "deskform_inbox" "brand_a_website" {
  provider         = deskform.brand_a
  name             = "Website"
  channel          = { type = "web_widget", website_url = "https://brand-a.example.com", widget_color = "#1F93FF" }
  greeting_enabled = true
  greeting_message = "Hello from Brand A"
}

resource "deskform_inbox" "brand_b_website" {
  provider         = deskform.brand_b
  name             = "Website"
  channel          = { type = "web_widget", website_url = "https://brand-b.example.com", widget_color = "#FF5733" }
  greeting_enabled = true
  greeting_message = "Hello from Brand B"
}

# Portal slugs are unique across all accounts of a Chatwoot installation, so
# each brand has its own. Each portal's live chat is its own account's
# "Website" inbox.
resource "deskform_portal" "brand_a_help" {
  provider        = deskform.brand_a
  slug            = "brand-a-help"
  name            = "Brand A help"
  live_chat_inbox = deskform_inbox.brand_a_website.name
}

resource "deskform_portal" "brand_b_help" {
  provider        = deskform.brand_b
  slug            = "brand-b-help"
  name            = "Brand B help"
  live_chat_inbox = deskform_inbox.brand_b_website.name
}
