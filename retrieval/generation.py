"""Answers phrased by a local model (Ollama) over retrieved excerpts, as one LangChain (LCEL) chain:
retrieve -> build prompt -> generate -> verify citations. Any failure falls back to the
extractive answer, so a user always gets a grounded reply."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator

import httpx
import ollama
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.documents import Document
from langchain_core.runnables import RunnableBranch, RunnableLambda, RunnablePassthrough

import prompts
from retrieval.citations import says_not_found, verify
from retrieval.engine import Engine, Prepared
from retrieval.generation_settings import GenerationSettings
from retrieval import answering
from retrieval.langchain_retriever import VietnameseHybridRetriever, to_documents
from retrieval.models import Answer
from retrieval.texts import text

log = logging.getLogger(__name__)


class OllamaHealth:
    """Is Ollama reachable and does it have the model? Checked at most every interval."""

    def __init__(self, settings: GenerationSettings, clock=time.monotonic):
        self.settings, self._clock = settings, clock
        self._checked = float("-inf")
        self._status: tuple[bool, str] = (False, "not checked yet")
        self._lock = threading.Lock()

    def status(self) -> tuple[bool, str]:
        with self._lock:
            if self._clock() - self._checked >= self.settings.health_interval_s:
                self._status = self._probe()
                self._checked = self._clock()
                log.info("Ollama at %s: %s", self.settings.base_url, self._status[1])
            return self._status

    def mark_down(self, reason: str) -> None:
        with self._lock:
            self._status, self._checked = (False, reason), self._clock()

    def _probe(self) -> tuple[bool, str]:
        client = ollama.Client(host=self.settings.base_url,
                               timeout=httpx.Timeout(2.0, connect=self.settings.connect_timeout_s))
        try:
            names = {m.model for m in client.list().models}
        except (httpx.HTTPError, ollama.ResponseError, ConnectionError, ValueError) as exc:
            return False, f"unreachable ({type(exc).__name__})"
        wanted = self.settings.model
        if wanted in names or f"{wanted}:latest" in names:
            return True, f"ready with {wanted}"
        return False, f"model {wanted} not pulled (have: {', '.join(sorted(n for n in names if n)) or 'none'})"


def format_excerpts(documents: list[Document]) -> str:
    return "\n\n".join(f"[{n}] ({d.metadata['title']}) {d.page_content}" for n, d in enumerate(documents, start=1))


class GroundedGenerator:
    """Ollama phrases the answer; code checks its citations and cuts the quotes. One LCEL chain:

        retriever.prepare -> (needs the model?) prompt | ChatOllama | text -> verify -> Answer
                                          (else) the engine's own answer

    with a fallback to the extractive answer when the model fails (only the model step: a failure while
    verifying is ours, and does not mark Ollama down). Streaming runs the same
    prompt | model | text step (`self.draft`) and the same `settle`."""

    name = "ollama"

    def __init__(self, engine: Engine, settings: GenerationSettings):
        from langchain_ollama import ChatOllama

        self.engine, self.settings = engine, settings
        self.retriever = VietnameseHybridRetriever(engine=engine)
        self.health = OllamaHealth(settings)
        params = dict(model=settings.model, base_url=settings.base_url, temperature=settings.temperature,
                      num_ctx=settings.num_ctx, num_predict=settings.num_predict)
        self.llm = ChatOllama(**params, client_kwargs={"timeout": settings.timeout()})
        self.draft = RunnableLambda(self.messages) | self.llm | StrOutputParser()
        # Only the model step falls back (Ollama down, timeout, model missing); verifying is our code.
        drafted = RunnablePassthrough.assign(draft=self.draft).with_fallbacks(
            [RunnableLambda(lambda x: {**x, "draft": None})], exception_key="error")
        generate = drafted | RunnableLambda(lambda x: self.settle(x["prepared"], x["draft"], x.get("error")))
        self.chain = (RunnablePassthrough.assign(prepared=lambda x: self.retriever.prepare(x["question"], x["context"]))
                      | RunnableBranch((lambda x: self.needs_model(x["prepared"]), generate),
                                       RunnableLambda(lambda x: x["prepared"].answer)))

    def messages(self, inputs: dict) -> list:
        prepared: Prepared = inputs["prepared"]
        gen = self.engine.generation
        history = f"Trao đổi trước đó:\n{inputs['context']}\n\n" if inputs.get("context") else ""
        excerpts = format_excerpts(to_documents(prepared, gen.metas))
        user = prompts.load("answer_user.vi").format(excerpts=excerpts, history=history, question=prepared.query.text)
        return [SystemMessage(prompts.load("answer_system.vi")), HumanMessage(user)]

    def settle(self, prepared: Prepared, draft: str | None, error: BaseException | None) -> Answer:
        """The verified draft; the extractive answer when the model failed (draft None) or verifying it did."""
        if draft is None:
            return self.fallback(prepared, error)
        try:
            result = self.finalize(prepared, draft)
            if prepared.apart and result is not prepared.answer:  # the model answered the rest of a
                result = answering.joined(prepared.apart, result)  # question whose other parts the header did
            return result
        except Exception:  # a bug of ours, not Ollama's: keep the model in use, answer extractively
            log.exception("verifying the model's answer failed; using the extractive answer")
            return prepared.answer

    def finalize(self, prepared: Prepared, draft: str) -> Answer:
        """Verify the draft against the excerpts; fall back to the extractive answer if it is not grounded."""
        if leaks_prompt(draft):
            log.warning("model answer repeats the system prompt (prompt injection?); using the extractive answer")
            return prepared.answer
        if says_not_found(draft):
            result = self._not_in_excerpts(prepared)
        else:
            result = verify(draft, prepared.context, self.engine.generation.metas)
            if result is None:
                log.warning("model answer had no valid citation; using the extractive answer")
                return prepared.answer
            result.language = prepared.query.language
        result.retrieved = prepared.answer.retrieved
        return self.engine.with_validity(result, self.engine.generation)

    def _not_in_excerpts(self, prepared: Prepared) -> Answer:
        """The model finds no answer in the excerpts: show the closest passages, unless the score
        already judged the documents unrelated."""
        if prepared.answer.status == "not_found" or not prepared.passages:
            result = answering.not_found(prepared.query)
        else:
            result = answering.related(prepared.query, prepared.passages, self.engine.generation.metas)
        result.generator = self.name
        return result

    # -- entry points -------------------------------------------------------------------------------
    def needs_model(self, prepared: Prepared) -> bool:
        """Every question the engine decided by its score goes to the model, whatever the score said
        (the model judges better). Structural not-founds and metadata answers are exact already."""
        return prepared.kind == "decided"

    def answer(self, question: str, context: str = "") -> Answer:
        """Connection refused, timeout, model missing: the chain's fallback answers extractively."""
        return self.chain.invoke({"question": question, "context": context})

    async def astream(self, prepared: Prepared, context: str = "") -> AsyncIterator[str]:
        """Draft text so far, growing; raises on a broken stream (the caller falls back)."""
        draft = ""
        async for piece in self.draft.astream({"prepared": prepared, "context": context}):
            draft += piece
            yield draft

    def fallback(self, prepared: Prepared, exc: BaseException) -> Answer:
        reason = f"{type(exc).__name__}: {exc}"[:200]
        log.warning("Ollama failed (%s); answering extractively", reason)
        self.health.mark_down(reason)
        return with_note(prepared.answer, prepared)


def leaks_prompt(draft: str) -> bool:
    """Does the draft quote our instructions? (A document may try to make the model reveal them.)"""
    folded = " ".join(draft.lower().split())
    rules = [" ".join(line.lower().split()) for line in prompts.load("answer_system.vi").splitlines()]
    return any(len(rule) >= 30 and rule[3:60] in folded for rule in rules)


def with_note(answer: Answer, prepared: Prepared) -> Answer:
    if answer.status in ("answered", "related") and prepared.query is not None:
        answer.text = f"{answer.text}\n\n{text(prepared.query.language, 'fallback_note')}"
    return answer
