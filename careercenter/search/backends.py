"""The two places the words live: SQLite FTS5 and PostgreSQL tsvector.

Both answer the same question, "which rows of posting_search have all these terms", and
both order "newest" by `seq`, the publication time with a slot (engine.publication_key):
FTS5 walks its rowids (= seq) backwards, PostgreSQL walks the primary key. Everything else in a search (dates, distance, pay) is the
same SQL on `posting_search` for both.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from careercenter.search.schema import posting_search as ps
from careercenter.search.terms import Term, is_tag

_TOKEN = re.compile(r"^[a-z0-9]+$")
# Relevance, the same model on both databases, over every row a window is asked to order
# (see engine.search_jobs and engine.ranked_ids for which rows those are): BM25F
# (Backend.share). Each word of the search weighs its idf (from the lexicon's document
# counts, lexicon.Lexicon.idf) times BM25's saturation (k1 BM25_K1) of the weights of the
# fields that have it: the title TITLE_WEIGHT, the tags (the specialty, credential, setting
# or arrangement a word names; ED: the emergency department specialty) TAGS_WEIGHT, the body
# BODY_WEIGHT. A field's term frequency counts as 1 and documents as of equal length: job
# postings are of similar length and say what matters once. Where a field is read from:
# SQLite's stored document (instr over " token "), PostgreSQL's `title_tsv` (the title) and
# `tsv` (every token, so the tags). The databases' own rankings cost more for no better
# order on the judged set (NDCG@10): FTS5's bm25() reads every match of each word of the
# search (thousands for "coder", or a place's grid cells) for its idf on every search, 10-30
# ms at 100k postings (0.927 against 0.924); PostgreSQL's ts_rank_cd and ts_rank cost 25-30
# µs a row, 30 ms for a window of 1,000 (0.923 against this model's figure in README).
# Ties (scores equal to SCORE_DIGITS decimals) go to the newest.
TITLE_WEIGHT = 8.0
BODY_WEIGHT = 1.0
TAGS_WEIGHT = 4.0
BM25_K1 = 1.2
SCORE_DIGITS = 2


def _checked(token: str) -> str:
    # The normaliser only makes [a-z0-9]+ tokens; refuse anything else rather than let it
    # reach a query language.
    if not _TOKEN.match(token):
        raise ValueError(f"not an index token: {token!r}")
    return token


class Backend:
    name = ""

    def source(self, terms: list[Term]) -> tuple[sa.FromClause, list, sa.ColumnElement]:
        """(FROM clause, WHERE conditions, the column that orders by publication)."""
        raise NotImplementedError

    def ranked_source(self, source: sa.FromClause) -> sa.FromClause:
        """`source` with the stored document a window's scores read."""
        return source

    def window(
        self,
        words: list[Term],
        filters: list[Term],
        conditions: list,
        limit: int,
        *,
        any_word: bool = False,
        in_title: bool = False,
        idf: list[float] | None = None,
        scored: bool = True,
        few: bool = False,
    ) -> sa.Select:
        """(seq, posting_id, PAY_COLUMNS..., found, score) of the newest `limit` rows with
        every filter term and every word (`any_word`: at least one), passing `conditions`,
        newest first. in_title: the words in the title or the fact tags (the first tier of
        a common search's ranking), not anywhere. `found`: how many of the words the row has; `score`: its relevance, smaller is
        better (0 for every row when not `scored`). `idf`: each word's weight
        (lexicon.Lexicon.idf), for a backend that scores by it. `few`: the words are rare
        enough (engine.FEW_MATCHES_SHARE) for a backend to read every match and sort them,
        rather than walk the rows newest first until it has `limit` (fences_few_matches)."""
        shares = []
        if words and (scored or any_word):
            weights = idf or [1.0] * len(words)
            shares = [
                self.share(term, weight, anywhere=any_word)
                for term, weight in zip(words, weights, strict=True)
            ]
        newest, parts = self._window_rows(
            words, filters, conditions, limit, shares, any_word=any_word, in_title=in_title, few=few
        )
        if any_word:
            found = sum((sa.case((part > 0, 1), else_=0) for part in parts), sa.literal(0))
        else:
            found = sa.literal(len(words))
        score = sa.literal(0.0)
        if scored and parts:
            score = -self._rounded(sum(parts, sa.literal(0.0)))
        return sa.select(
            newest.c.seq,
            newest.c.posting_id,
            *(newest.c[c.name] for c in PAY_COLUMNS),
            found.label("found"),
            score.label("score"),
        )

    def _window_rows(
        self, words, filters, conditions, limit, shares: list[str], *, any_word, in_title, few
    ) -> tuple[sa.Subquery, list[sa.ColumnElement]]:
        """The window's newest `limit` rows as a subquery, and the columns of each word's
        share (SQL of `share`) over them."""
        raise NotImplementedError

    @staticmethod
    def _rounded(total: sa.ColumnElement) -> sa.ColumnElement:
        return sa.func.round(total, SCORE_DIGITS)

    def _has(self, field: str, tokens: list[str]) -> str:
        """SQL: whether the row's `field` ("title", "tags" or "body") has one of these
        checked [a-z0-9]+ tokens."""
        raise NotImplementedError

    def share(self, term: Term, idf: float, *, anywhere: bool) -> str:
        """SQL: the term's share of a row's score, BM25F with each field's term frequency
        taken as 1 (postings say a word once, or say it in passing): idf(term) times BM25's
        saturation of the summed weights of the fields that have it (title TITLE_WEIGHT,
        tags TAGS_WEIGHT, body BODY_WEIGHT). A row that matched every term has this one
        somewhere, so the body is only read when `anywhere` (the row may lack it: 0).

        SQL text (tokens checked [a-z0-9]+, numbers Python's floats): built and compiled
        for every search, it costs nothing like the same expression of SQLAlchemy objects."""
        words = [_checked(alt) for alt in term.alternatives if not is_tag(alt)]
        tags = [_checked(alt) for alt in term.alternatives if is_tag(alt)]

        def weight(field: str, tokens: list[str], points: float) -> str:
            if not tokens:
                return "0"
            return f"CAST(({self._has(field, tokens)}) AS INTEGER) * {int(points)}"

        def saturated(points: float) -> str:
            return repr(float(idf * points * (BM25_K1 + 1) / (points + BM25_K1)))

        hits = f"{weight('title', words, TITLE_WEIGHT)} + {weight('tags', tags, TAGS_WEIGHT)}"
        found = " ".join(
            f"WHEN {int(points)} THEN {saturated(points)}"
            for points in (TITLE_WEIGHT + TAGS_WEIGHT, TITLE_WEIGHT, TAGS_WEIGHT)
        )
        body = saturated(BODY_WEIGHT)
        if anywhere:
            body = (
                f"CASE WHEN {self._has('body', words)} THEN {body} ELSE 0.0 END" if words else "0.0"
            )
        # CASE hits WHEN ...: each field is read once.
        return f"CASE {hits} {found} ELSE {body} END"

    def newest_ids(
        self, session, terms: list[Term], now, limit: int, found: int | None = None
    ) -> list[int]:
        """posting_id of the newest `limit` rows with the terms and expires_at > now, by
        statements whose text is the same for every search (so the database plans them
        once): a code page's jobs. `found`: what found_column read for these terms."""
        raise NotImplementedError

    def found_column(self) -> sa.ColumnElement:
        """Whether rows have the terms bound as :job_match (render()) with expires_at >
        :job_now, as a column another statement reads: 0 when none does, else a number
        newest_ids may be given as `found`."""
        raise NotImplementedError

    # Whether a window of rare words reads their matches from the word index and sorts them
    # (Backend.window's `few`), rather than leave the plan to the planner, which may walk
    # every row newest first for words it believes common (PostgreSQL); and whether asking
    # if any row has some words (engine._found_anywhere) reads the word index first.
    fences_few_matches = False

    # Whether ordering many matches by pay is better done by walking the pay index and
    # testing each row (see SQLiteBackend); PostgreSQL's planner makes that choice itself.
    walks_pay_index = False

    def walk_estimates(self, terms: list[Term], cap: int) -> list[sa.ColumnElement]:
        """(matches of the words alone, counted up to `cap`; a bound on the size of the
        index)."""
        raise NotImplementedError

    def pay_walk(self, terms: list[Term]) -> sa.Select:
        """posting_id of rows whose document has the terms, for ordering by the pay index."""
        raise NotImplementedError

    def insert(self, session, row: dict[str, Any]) -> None:
        """Add a row (with its `seq`, see engine.publication_key) and its document."""
        raise NotImplementedError

    def move(self, session, seq: int, new_seq: int) -> None:
        """Give the row at `seq` (and its document) the free place `new_seq`."""
        raise NotImplementedError

    def update(self, session, seq: int, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def insert_many(self, session, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def after_bulk_load(self, session) -> None:
        pass


FACTS = [c.name for c in ps.columns if c.name != "seq"]
# What a window row says of the job's pay: the pay order and the pay figures of a search.
PAY_COLUMNS = (ps.c.pay_annual, ps.c.pay_low, ps.c.pay_high, ps.c.per_chart)


def _with_expiry(text: str) -> sa.TextClause:
    """A statement whose :now is compared with expires_at (bound as that column is)."""
    return sa.text(text).bindparams(sa.bindparam("now", type_=ps.c.expires_at.type))


class SQLiteBackend(Backend):
    """FTS5 over `posting_search_doc`; its rowid is `seq`, so ORDER BY rowid DESC is
    newest-first straight from the index, and a match joins posting_search by rowid."""

    name = "sqlite"
    fts = sa.table("posting_fts", sa.column("rowid", sa.Integer))
    title_fts = sa.table("posting_title_fts", sa.column("rowid", sa.Integer))

    @staticmethod
    def render(terms: list[Term]) -> str:
        def term(t: Term) -> str:
            alts = [f'"{_checked(alt)}"' for alt in t.alternatives]
            return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"

        return " AND ".join(term(t) for t in terms)

    def _match(self, terms: list[Term]):
        return sa.literal_column("posting_fts").match(self.render(terms))

    def source(self, terms):
        if not terms:
            return ps, [], ps.c.seq
        return (
            self.fts.join(ps, ps.c.seq == self.fts.c.rowid),
            [self._match(terms)],
            self.fts.c.rowid,
        )

    def ranked_source(self, source):
        return source.join(self.doc, self.doc.c.seq == ps.c.seq)

    def _window_match(self, index, words, filters, any_word):
        if any_word:
            words = [Term.of(*(alt for t in words for alt in t.alternatives))]
        text = self.render(words) if words else ""
        if filters:
            text = f"({text}) AND {self.render(filters)}" if text else self.render(filters)
        return sa.literal_column(index.name).match(text)

    def _window_rows(self, words, filters, conditions, limit, shares, *, any_word, in_title, few):
        # The shares are read inside the LIMIT, from the stored document of these rows only.
        # The title tier asks the title and tags' own index (every filter tag is in it too).
        index = self.title_fts if in_title else self.fts
        source = index.join(ps, ps.c.seq == index.c.rowid)
        if shares:
            source = self.ranked_source(source)
        labelled = [sa.literal_column(sql, sa.Float).label(f"w{i}") for i, sql in enumerate(shares)]
        newest = (
            sa.select(ps.c.seq, ps.c.posting_id, *PAY_COLUMNS, *labelled)
            .select_from(source)
            .where(self._window_match(index, words, filters, any_word), *conditions)
            .order_by(index.c.rowid.desc())
            .limit(limit)
            .subquery()
        )
        return newest, [newest.c[f"w{i}"] for i in range(len(shares))]

    def _has(self, field: str, tokens: list[str]) -> str:
        """SQL: whether the row's `field` (title, tags or body of the stored document)
        has one of these checked tokens."""
        return " OR ".join(f"instr(posting_search_doc.{field}, ' {t} ') > 0" for t in tokens)

    _newest = _with_expiry(
        "SELECT posting_search.posting_id FROM posting_fts "
        "JOIN posting_search ON posting_search.seq = posting_fts.rowid "
        "WHERE posting_fts MATCH :match AND posting_search.expires_at > :now "
        "ORDER BY posting_fts.rowid DESC LIMIT :limit"
    )

    def newest_ids(self, session, terms, now, limit, found=None):
        if found == 0:
            return []
        values = {"match": self.render(terms), "now": now, "limit": limit}
        return list(session.scalars(self._newest, values))

    def found_column(self):
        return sa.exists(
            sa.select(sa.literal(1))
            .select_from(self.fts.join(ps, ps.c.seq == self.fts.c.rowid))
            .where(
                sa.literal_column("posting_fts").match(sa.bindparam("job_match", type_=sa.Text)),
                ps.c.expires_at > sa.bindparam("job_now", type_=ps.c.expires_at.type),
            )
        )

    # Walking the pay index, a row's document is tested with instr() on the stored text:
    # documents are single-space-separated tokens with a space at each end, so " tok " is
    # found exactly when the token is there: the same answer as FTS5 gives, several times
    # cheaper than asking FTS5 about one rowid.
    walks_pay_index = True
    doc = sa.table(
        "posting_search_doc",
        sa.column("seq", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("body", sa.Text),
        sa.column("tags", sa.Text),
    )

    def walk_estimates(self, terms, cap):
        words_alone = (
            sa.select(sa.literal(1)).select_from(self.fts).where(self._match(terms)).limit(cap)
        ).subquery()
        return [
            sa.select(sa.func.count()).select_from(words_alone).scalar_subquery(),
            # The highest posting id: one step down its unique index, where counting the
            # rows would read them all; at least the number of rows (postings that are no
            # longer open make it larger, and the walk less likely: the safe side).
            sa.select(sa.func.coalesce(sa.func.max(ps.c.posting_id), 0)).scalar_subquery(),
        ]

    @staticmethod
    def _contains(column, token: str) -> sa.ColumnElement:
        return sa.func.instr(column, f" {_checked(token)} ") > 0

    def _doc_has(self, token: str) -> sa.ColumnElement:
        if is_tag(token):
            return self._contains(self.doc.c.tags, token)
        return sa.or_(
            self._contains(self.doc.c.title, token), self._contains(self.doc.c.body, token)
        )

    def pay_walk(self, terms):
        has_all = sa.and_(*(sa.or_(*(self._doc_has(alt) for alt in t.alternatives)) for t in terms))
        return (
            sa.select(ps.c.posting_id)
            .select_from(ps.join(self.doc, self.doc.c.seq == ps.c.seq))
            .where(has_all)
        )

    _insert_doc = sa.text(
        "INSERT INTO posting_search_doc (seq, title, body, tags) "
        "VALUES (:seq, :title, :body, :tags)"
    )
    _index_doc = sa.text(
        "INSERT INTO posting_fts (rowid, title, body, tags) VALUES (:seq, :title, :body, :tags)"
    )
    _index_title = sa.text(
        "INSERT INTO posting_title_fts (rowid, title, tags) VALUES (:seq, :title, :tags)"
    )

    def insert(self, session, row):
        session.execute(sa.insert(ps).values({k: row[k] for k in ["seq", *FACTS]}))
        self._add_document(session, row)

    def move(self, session, seq, new_seq):
        # FTS5 cannot change a rowid: the document leaves the index (the delete trigger)
        # and comes back under its new one.
        document = session.execute(
            sa.text("SELECT title, body, tags FROM posting_search_doc WHERE seq = :seq"),
            {"seq": seq},
        ).one()
        session.execute(sa.text("DELETE FROM posting_search_doc WHERE seq = :seq"), {"seq": seq})
        session.execute(sa.update(ps).where(ps.c.seq == seq).values(seq=new_seq))
        row = {"seq": new_seq, **document._mapping}
        session.execute(self._insert_doc, row)
        session.execute(self._index_doc, row)
        session.execute(self._index_title, row)

    @staticmethod
    def _padded(row):
        return {**row, **{name: f" {row[name]} " for name in ("title", "body", "tags")}}

    def _add_document(self, session, row):
        row = self._padded(row)
        session.execute(self._insert_doc, row)
        session.execute(self._index_doc, row)
        session.execute(self._index_title, row)

    def update(self, session, seq, row):
        session.execute(sa.update(ps).where(ps.c.seq == seq).values({k: row[k] for k in FACTS}))
        # The delete trigger takes the old words out of the index.
        session.execute(sa.text("DELETE FROM posting_search_doc WHERE seq = :seq"), {"seq": seq})
        self._add_document(session, {**row, "seq": seq})

    def insert_many(self, session, rows):
        session.execute(sa.insert(ps), [{k: r[k] for k in ["seq", *FACTS]} for r in rows])
        session.execute(self._insert_doc, [self._padded(r) for r in rows])

    def after_bulk_load(self, session):
        # Index every document in one pass, then merge each index into one segment.
        for index in ("posting_fts", "posting_title_fts"):
            session.execute(sa.text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))  # noqa: S608
            session.execute(sa.text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))  # noqa: S608


class PostgreSQLBackend(Backend):
    """A tsvector of the tokens (no positions: matching needs none, and without them it
    stays small enough to live in the row, uncompressed) with a GIN index; a small one of
    the title's tokens and fact tags, with positions and weights (the first pass of a common
    search, and ranking). The planner chooses between the GIN index and the
    primary key for newest-first."""

    name = "postgresql"
    fences_few_matches = True
    tsv = sa.literal_column("posting_search.tsv", postgresql.TSVECTOR)
    title_tsv = sa.literal_column("posting_search.title_tsv", postgresql.TSVECTOR)
    DOCUMENT = (
        "strip(to_tsvector('simple', :title || ' ' || :body || ' ' || :tags)), "
        "setweight(to_tsvector('simple', :title), 'A') "
        "|| setweight(to_tsvector('simple', :specialty_tags), 'B') "
        "|| setweight(to_tsvector('simple', :fact_tags), 'C')"
    )

    @staticmethod
    def _weighed(row):
        """The row with the tags `title_tsv` holds (weighted B and C beside the title's A)."""
        tags = row["tags"].split()
        specialty = [t for t in tags if t.startswith("zzspec")]
        facts = [t for t in tags if t.startswith(("zzcred", "zzset", "zzappr"))]
        return {**row, "specialty_tags": " ".join(specialty), "fact_tags": " ".join(facts)}

    @staticmethod
    def render(terms: list[Term]) -> str:
        def term(t: Term) -> str:
            alts = [f"'{_checked(alt)}'" for alt in t.alternatives]
            return alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")"

        return " & ".join(term(t) for t in terms)

    @staticmethod
    def _tsquery(text: str):
        # Written into the statement, not bound: a prepared statement's generic plan would
        # not know the terms, and the right plan (GIN or walking an index) depends on how
        # common they are. Safe: render() lets through only quoted [a-z0-9]+ and & | ( ).
        if not re.fullmatch(r"[a-z0-9'&|() ]*", text):
            raise ValueError(f"not a rendered query: {text!r}")
        return sa.literal_column("'" + text.replace("'", "''") + "'::tsquery")

    def _query(self, terms):
        return self._tsquery(self.render(terms))

    def source(self, terms):
        if not terms:
            return ps, [], ps.c.seq
        return ps, [self.tsv.op("@@")(self._query(terms))], ps.c.seq

    def _window_rows(self, words, filters, conditions, limit, shares, *, any_word, in_title, few):
        where = [*conditions]
        if any_word:
            everything = Term.of(*(alt for t in words for alt in t.alternatives))
            where.append(self.tsv.op("@@")(self._query([everything, *filters])))
        else:
            where.append(self.tsv.op("@@")(self._query([*words, *filters])))
        if in_title:
            where.append(self.title_tsv.op("@@")(self._query(words)))
        columns = (ps.c.seq, ps.c.posting_id, *PAY_COLUMNS, self.tsv, self.title_tsv)
        if few:
            # Read from the GIN index and sorted (see Backend.window); only the keys are
            # kept, then the newest `limit` rows are read by their key.
            found = sa.select(ps.c.seq).where(*where).cte("found").prefix_with("MATERIALIZED")
            keys = sa.select(found.c.seq).order_by(found.c.seq.desc()).limit(limit)
            rows = sa.select(*columns).where(ps.c.seq.in_(keys.scalar_subquery()))
        else:
            rows = sa.select(*columns).where(*where)
        newest = rows.order_by(ps.c.seq.desc()).limit(limit).subquery("newest")
        # Scored outside the LIMIT: inside, the planner may score every match before it
        # sorts them and keeps `limit`.
        return newest, [sa.literal_column(sql, sa.Float) for sql in shares]

    @staticmethod
    def _rounded(total):
        return sa.func.round(sa.cast(total, sa.Numeric), SCORE_DIGITS)

    def _has(self, field, tokens):
        # The window's rows (subquery "newest"): the title and the fact tags that words
        # name are in title_tsv, every token (so every tag) in tsv.
        vector = "newest.title_tsv" if field == "title" else "newest.tsv"
        return f"{vector} @@ '{' | '.join(tokens)}'::tsquery"

    # Newest first, the planner walks the primary key backwards (the right plan when many
    # rows match) unless it knows the word to be rare, and for a word it has no statistics
    # of it does not: with few matches or none, that walk reads every row (100-400 ms at
    # 100k jobs for a code no job names). So the matches are counted from the GIN index
    # first (up to MANY); few are read from it and sorted, many are left to the walk.
    MANY = 1000
    _count = _with_expiry(
        "SELECT count(*) FROM (SELECT 1 FROM posting_search "
        "WHERE tsv @@ CAST(:match AS tsquery) AND expires_at > :now LIMIT :many) AS found"
    )
    _few_newest = _with_expiry(
        "WITH found AS MATERIALIZED (SELECT posting_id, seq FROM posting_search "
        "WHERE tsv @@ CAST(:match AS tsquery) AND expires_at > :now) "
        "SELECT posting_id FROM found ORDER BY seq DESC LIMIT :limit"
    )
    _many_newest = _with_expiry(
        "SELECT posting_id FROM posting_search "
        "WHERE tsv @@ CAST(:match AS tsquery) AND expires_at > :now "
        "ORDER BY seq DESC LIMIT :limit"
    )

    def newest_ids(self, session, terms, now, limit, found=None):
        values = {"match": self.render(terms), "now": now, "limit": limit}
        if found is None:
            found = session.scalar(self._count, {**values, "many": self.MANY + 1})
        if not found:
            return []
        statement = self._few_newest if found <= self.MANY else self._many_newest
        return list(session.scalars(statement, values))

    def found_column(self):
        # The count of _count, for the same reason (GIN, not a walk of the primary key).
        rows = (
            sa.select(sa.literal(1))
            .where(
                self.tsv.op("@@")(
                    sa.cast(sa.bindparam("job_match", type_=sa.Text), postgresql.TSQUERY)
                ),
                ps.c.expires_at > sa.bindparam("job_now", type_=ps.c.expires_at.type),
            )
            .limit(self.MANY + 1)
            .subquery()
        )
        return sa.select(sa.func.count()).select_from(rows).scalar_subquery()

    _columns = ", ".join(FACTS)
    _values = ", ".join(f":{name}" for name in FACTS)

    def insert(self, session, row):
        self.insert_many(session, [row])

    def move(self, session, seq, new_seq):
        session.execute(sa.update(ps).where(ps.c.seq == seq).values(seq=new_seq))

    def update(self, session, seq, row):
        assignments = ", ".join(f"{name} = :{name}" for name in FACTS)
        session.execute(
            sa.text(
                f"UPDATE posting_search SET {assignments}, "  # noqa: S608 (constants)
                f"(tsv, title_tsv) = ({self.DOCUMENT}) WHERE seq = :seq"
            ),
            self._weighed({**row, "seq": seq}),
        )

    def insert_many(self, session, rows):
        session.execute(
            sa.text(
                f"INSERT INTO posting_search (seq, {self._columns}, tsv, title_tsv) "  # noqa: S608
                f"VALUES (:seq, {self._values}, {self.DOCUMENT})"
            ),
            [self._weighed(row) for row in rows],
        )

    def after_bulk_load(self, session):
        # The planner's statistics of the tsvector decide GIN versus walking the index.
        session.execute(sa.text("ANALYZE posting_search"))


def backend_for(dialect_name: str) -> Backend:
    if dialect_name == "sqlite":
        return SQLiteBackend()
    if dialect_name == "postgresql":
        return PostgreSQLBackend()
    raise RuntimeError(f"job search supports SQLite and PostgreSQL, not {dialect_name}")
