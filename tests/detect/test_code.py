"""SOURCE_CODE: a document-level signal with the language, and no false alarms on prose."""

from __future__ import annotations

import pytest

from airlock.detect import DetectConfig, Engine, Finding

SNIPPETS: dict[str, str] = {
    "python": """import json
from pathlib import Path


class Inventory:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items = {}

    def load(self):
        with open(self.path) as fh:
            for row in json.load(fh):
                if row.get("qty") is None:
                    continue
                self.items[row["sku"]] = row["qty"]
        return len(self.items)
""",
    "javascript": """const express = require('express');
const app = express();

function total(items) {
  return items.reduce((sum, item) => sum + item.price * item.qty, 0);
}

app.get('/api/cart/:id', async (req, res) => {
  const cart = await loadCart(req.params.id);
  if (cart === undefined) {
    return res.status(404).json({ error: 'not found' });
  }
  console.log('cart total', total(cart.items));
});

module.exports = app;
""",
    "typescript": """export interface Order {
  id: string;
  amount: number;
  paid: boolean;
}

export async function settle(orders: Order[], limit: number): Promise<number> {
  let settled = 0;
  for (const order of orders) {
    if (!order.paid && order.amount <= limit) {
      await charge(order.id, order.amount);
      settled += 1;
    }
  }
  return settled;
}
""",
    "java": """package com.example.billing;

import java.util.ArrayList;
import java.util.List;

public class InvoiceService {
    private final List<Invoice> invoices = new ArrayList<>();

    @Override
    public String toString() { return "InvoiceService(" + invoices.size() + ")"; }

    public static void main(String[] args) throws Exception {
        System.out.println(new InvoiceService());
    }
}
""",
    "go": """package main

import (
\t"fmt"
\t"net/http"
)

func handler(w http.ResponseWriter, r *http.Request) {
\tname := r.URL.Query().Get("name")
\tif name == "" {
\t\treturn
\t}
\tfmt.Fprintf(w, "hello %s", name)
}
""",
    "rust": """use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Ledger {
    balances: HashMap<String, i64>,
}

impl Ledger {
    pub fn credit(&mut self, account: &str, amount: i64) -> Result<i64, String> {
        let entry = self.balances.entry(account.to_string()).or_insert(0);
        *entry += amount;
        Ok(*entry)
    }
}
""",
    "c": """#include <stdlib.h>

typedef struct node {
    int value;
    struct node *next;
} node_t;

node_t *push(node_t *head, int value) {
    node_t *n = malloc(sizeof(node_t));
    if (n == NULL) { fprintf(stderr, "out of memory"); exit(1); }
    n->value = value;
    n->next = head;
    return n;
}
""",
    "cpp": """#include <iostream>
#include <vector>

namespace shop {

template <typename T>
class Basket {
public:
    void add(const T& item) { items_.push_back(item); }
    std::size_t size() const noexcept { return items_.size(); }

private:
    std::vector<T> items_;
};

}  // namespace shop
""",
    "csharp": """using System;
using System.Collections.Generic;

namespace Billing
{
    public class Customer
    {
        public string Name { get; set; }
        public decimal Balance { get; set; }
    }

    public static class Program
    {
        public static void Main(string[] args) => Console.WriteLine(args.Length);
    }
}
""",
    "ruby": """class Invoice
  attr_accessor :lines, :currency

  def initialize(currency)
    @currency = currency
    @lines = []
  end

  def total
    lines.each do |line|
      puts line.inspect
    end
    lines.sum { |l| l[:amount] }
  end
end
""",
    "php": """<?php

class OrderController extends Controller
{
    public function show($id)
    {
        $order = Order::find($id);
        if (!isset($order)) {
            abort(404);
        }
        echo $this->render('order', ['order' => $order]);
    }
}
""",
    "sql": """CREATE TABLE customers (
    id BIGINT PRIMARY KEY,
    email VARCHAR(255) NOT NULL
);

SELECT c.email, COUNT(o.id) AS orders
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id
WHERE c.id > 100
GROUP BY c.email
ORDER BY orders DESC;
""",
    "shell": """#!/bin/bash
set -euo pipefail

BACKUP_DIR="${HOME}/backups/$(date +%F)"
mkdir -p "$BACKUP_DIR"

for db in $(psql -At -c "select datname from pg_database"); do
  if [ "$db" = "template0" ]; then
    continue
  fi
  pg_dump "$db" | gzip > "$BACKUP_DIR/$db.sql.gz" 2>&1
done
""",
    "kotlin": """package com.example.app

data class Account(val id: String, var balance: Int)

class Bank {
    private val accounts = mutableListOf<Account>()

    fun deposit(id: String, amount: Int): Int {
        val account = accounts.firstOrNull { it.id == id } ?: return -1
        account.balance += amount
        return account.balance
    }

    companion object { fun create(): Bank = Bank() }
}
""",
    "swift": """import SwiftUI

struct ContentView: View {
    @State private var count: Int = 0

    var body: some View {
        Button("Add") {
            count += 1
        }
    }
}

func fetchUser(id: Int) async throws -> String {
    guard let url = URL(string: "https://example.com/users") else { throw URLError(.badURL) }
    return url.absoluteString
}
""",
}

NOT_CODE: dict[str, str] = {
    "prose": (
        "The history of the region is long and varied. Settlers arrived in the early\n"
        "nineteenth century, drawn by fertile soil and the promise of trade along the river.\n"
        "Over the following decades, small villages grew into market towns; roads were built,\n"
        "schools opened, and a railway line connected the valley to the coast (in 1871).\n"
    ),
    "email": (
        "Hi Sarah,\n\nThanks for the update on the Q3 roadmap. I reviewed the slides (see\n"
        "attached) and I think we should push the launch to October; the contract isn't\n"
        "signed yet.\n\nCould you set up a call for Thursday? Let me know if 10:00 works.\n\n"
        "Best regards,\nJohn\n--\nJohn Miller | Head of Partnerships | Example Corp\n"
    ),
    "log": (
        "2024-05-01 12:00:01,123 INFO  [main] com.example.Server - Starting on port 8080\n"
        "2024-05-01 12:00:02,456 INFO  [pool-1] com.example.Db - Connected (pool size=10)\n"
        "2024-05-01 12:01:00,001 ERROR [pool-3] com.example.Api - failed: status=500\n"
        "java.lang.IllegalStateException: connection closed\n"
        "    at com.example.Db.query(Db.java:120)\n"
        "    at com.example.Api.handle(Api.java:45)\n"
        "2024-05-01 12:01:01,002 INFO  [main] com.example.Server - Health ok (latency=12ms)\n"
    ),
    "csv": (
        "id,name,email,amount,currency,created_at\n"
        "1,Alice Smith,alice@example.com,120.50,USD,2024-01-03\n"
        "2,Bob Jones,bob@example.com,75.00,EUR,2024-01-04\n"
        "3,Carol White,carol@example.com,310.25,USD,2024-01-05\n"
    ),
    "csv_semicolons": "id;name;amount;date\n1;Alice;120,50;03.01.2024\n2;Bob;75,00;04.01.2024\n",
    "json": (
        '{\n  "order": {\n    "id": "A-1001",\n    "items": [\n'
        '      {"sku": "X1", "qty": 2, "price": 9.99},\n'
        '      {"sku": "Y2", "qty": 1, "price": 19.5}\n    ],\n'
        '    "paid": true,\n    "notes": null\n  }\n}\n'
    ),
    "yaml": (
        "server:\n  port: 8080\n  host: 0.0.0.0\ndatabase:\n  url: postgres://db:5432/app\n"
        "  pool: 10\nschema:\n  type: string\n  required: true\n"
    ),
    "ini": "[database]\nhost = db.internal\nport = 5432\nuser = app\n\n[cache]\nttl = 600\n",
    "dotenv": (
        "LOG_LEVEL=info\nTIMEZONE=Europe/Berlin\nFEATURE_FLAGS=search,checkout\n"
        "SECRET_KEY=${DB_PASSWORD}\nPASSWORD_MIN_LENGTH=12\nregistry=https://registry.npmjs.org/\n"
    ),
    "markdown": (
        "# Release notes\n\n## Version 2.3\n\n- Faster exports (up to 3x on big workspaces).\n"
        "- New **audit** view for administrators.\n\n"
        "See the [migration guide](https://example.com/docs/migrate) for details.\n"
    ),
}

PROSE = NOT_CODE["prose"] * 3


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> Engine:
    return Engine(DetectConfig(entities=["SOURCE_CODE"], matcher=request.param))


def _signal(engine: Engine, text: str) -> Finding | None:
    findings = engine.scan(text)
    assert len(findings) <= 1
    return findings[0] if findings else None


@pytest.mark.parametrize("language", sorted(SNIPPETS))
def test_code_is_reported_with_its_language(engine: Engine, language: str) -> None:
    text = SNIPPETS[language]
    finding = _signal(engine, text)
    assert finding is not None
    assert (finding.scope, finding.start, finding.end) == ("document", 0, len(text))
    assert finding.category == "code"
    assert finding.detail == language
    assert finding.score >= 0.8


@pytest.mark.parametrize("kind", sorted(NOT_CODE))
def test_text_that_is_not_code_is_not_reported(engine: Engine, kind: str) -> None:
    assert _signal(engine, NOT_CODE[kind]) is None


def test_a_fenced_block_in_a_chat_prompt_is_code_in_the_tagged_language(engine: Engine) -> None:
    prompt = "Hey, why does this loop never end?\n\n```python\nwhile n > 0:\n    n -= 2\n```\n\nThx"
    finding = _signal(engine, prompt)
    assert finding is not None
    assert (finding.start, finding.end, finding.detail) == (0, len(prompt), "python")


@pytest.mark.parametrize(
    ("block", "is_code"),
    [
        ("const res = await fetch(url);\nif (!res.ok) { throw new Error('bad'); }", True),
        (
            'import boto3\n\ns3 = boto3.client("s3")\ns3.upload_file("a.csv", "bucket", "a.csv")',
            True,
        ),
        ('{"a": 1, "b": [1, 2], "c": {"d": null}}', False),
        ("2024-05-01 12:00:01 ERROR failed to connect (timeout=30s)\n2024-05-01 INFO retry", False),
    ],
    ids=["javascript", "python_call", "json", "log"],
)
def test_an_untagged_fence_is_judged_by_its_content(
    engine: Engine, block: str, is_code: bool
) -> None:
    prompt = f"Can you check this?\n```\n{block}\n```\nThanks."
    assert (_signal(engine, prompt) is not None) == is_code


@pytest.mark.parametrize("language", ["python", "java", "go", "sql"])
def test_code_pasted_between_paragraphs_of_prose_is_found(engine: Engine, language: str) -> None:
    text = "Please review the code below.\n" + PROSE + "\n" + SNIPPETS[language] + "\n" + PROSE
    finding = _signal(engine, text)
    assert finding is not None
    assert finding.detail == language


def test_code_deep_in_a_long_document_is_found(engine: Engine) -> None:
    text = PROSE * 40 + "\n" + SNIPPETS["rust"] + "\n" + PROSE * 10
    finding = _signal(engine, text)
    assert finding is not None
    assert finding.detail == "rust"


def test_code_without_the_vocabulary_of_one_language_has_no_language(engine: Engine) -> None:
    text = (
        "total = compute(a, b);\nif (total > limit) {\n    total = limit * 2;\n} else {\n"
        "    total = 0;\n}\nresult[i] = total;\ncount += 1;\n"
    )
    finding = _signal(engine, text)
    assert finding is not None
    assert finding.detail is None


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1_000_000,
        "a = b; " * 150_000,
        "```" * 300_000,
        ("def f(x):\n    return x\n" * 40_000),
    ],
    ids=["parens", "statements_one_line", "fences", "many_functions"],
)
def test_large_inputs_are_judged_on_a_bounded_sample(text: str) -> None:
    engine = Engine(DetectConfig(entities=["SOURCE_CODE"]))
    findings = engine.scan(text)
    assert all(f.scope == "document" and f.end == len(text) for f in findings)


def test_without_an_index_no_proprietary_code_detector_is_built() -> None:
    names = {d.name for d in Engine().detectors}
    assert "source_code" in names
    assert "proprietary_code" not in names
