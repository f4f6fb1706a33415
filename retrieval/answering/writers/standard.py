"""The writer of a Taiwan competency standard's sections: its overview, duties and tasks, work
outputs, knowledge, skills and attitudes, entry requirements, definitions, or one item of it."""

from __future__ import annotations

from corpus.records import Duty, Standard, Task

from .base import Draft


class StandardWriter:
    """Writes the section of a standard the request asks for (`intent`), or the item it names."""

    def write(self, d: Draft, s: Standard, intent: str, item: str) -> None:
        name = d.q(s.name)
        if item and intent == "outputs" and item.startswith("T") and "." in item:
            task = next(t for t in s.tasks if t.code == item)
            d.add(d.t(f"{d.q(s.name)}工作任務 {task.code}「{task.name}」{d.cite(s.qualify(task.code))}的工作產出：",
                      f"Outputs of task {task.code} {d.q(task.name)}{d.cite(s.qualify(task.code))} in {d.q(s.name)}:"))
            for output in task.outputs or ():
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")
            if not task.outputs:
                d.add(d.t("此任務未列出工作產出。", "This task lists no outputs."))
            return
        if item:
            if self._item(d, s, item):
                return
        if intent in ("tasks", "indicators"):
            d.add(d.t(f"{name}職能基準{d.cite(s.code)}共有 {len(s.duties)} 項主要職責、{len(s.tasks)} 項工作任務：",
                      f"The standard {name}{d.cite(s.code)} sets {len(s.duties)} main duties with {len(s.tasks)} tasks:"))
            for duty in s.duties:
                d.heading(f"{duty.code} {d.q(duty.name)}{d.cite(s.qualify(duty.code))}")
                for task in duty.tasks:
                    self._task_lines(d, s, task, full=intent == "indicators" or len(s.tasks) <= 10)
            return
        if intent == "outputs":
            outputs = [(t, o) for t in s.tasks for o in t.outputs]
            d.add(d.t(f"{name}{d.cite(s.code)}的工作產出共 {len(outputs)} 項：",
                      f"{name}{d.cite(s.code)} lists {len(outputs)} work outputs (工作產出):"))
            for task, output in outputs:
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}"
                      + d.t(f"：來自工作任務 {task.code} {task.name}", f" — from task {task.code} {d.q(task.name)}"))
            if not outputs:
                d.add(d.t("此職能基準未列出工作產出。", "This standard lists no work outputs."))
            return
        if intent in ("knowledge", "skills", "attitudes"):
            self._competency_list(d, s, intent)
            return
        if intent == "entry":
            d.add(d.t(f"擔任{name}{d.cite(s.code)}的建議學歷／經歷／能力條件：",
                      f"Suggested education, experience or abilities for {name}{d.cite(s.code)}:"))
            for requirement in s.entry_requirements or (d.t("此職能基準未列出建議條件。", "None listed."),):
                d.add(f"- {d.q(requirement)}")
            d.add(d.t(f"此職能基準的基準級別為 {s.level}。", f"The standard is at level {s.level} (基準級別)."))
            return
        if intent == "definitions":
            d.add(d.t(f"{name}{d.cite(s.code)}說明與補充事項中的名詞定義：", f"Definitions in the notes of {name}{d.cite(s.code)}:"))
            for definition in s.definitions:
                mark = f"【註{definition.mark}】" if definition.mark else ""
                d.add(f"- {mark}{d.q(definition.term)}：{d.q(definition.text)}")
            if not s.definitions:
                d.add(d.t("此職能基準沒有名詞定義。", "It defines no terms."))
            return
        if intent in ("qualification", "assessment"):
            d.add(d.t(f"{name}{d.cite(s.code)}是台灣職能基準，沒有資歷架構級別或評量設計；其基準級別為 {s.level}。",
                      f"{name}{d.cite(s.code)} is a Taiwan competency standard: it has no QF level or assessment design; "
                      f"its standard level (基準級別) is {s.level}."))
        self.overview(d, s)

    def overview(self, d: Draft, s: Standard) -> None:
        name = d.q(s.name)
        d.add(d.t(f"{name}（{s.code}）是台灣 iCAP 職能基準，基準級別 {s.level}{d.cite(s.code)}。",
                  f"{name} ({s.code}) is a Taiwan iCAP occupational competency standard (職能基準) at level {s.level}"
                  f"{d.cite(s.code)}."))
        d.add(d.t(f"工作描述：{s.description}", f"Job description (工作描述): {d.q(s.description)}"))
        if s.name_note:
            d.add(d.t(f"說明：{s.name_note}", f"Note: {d.q(s.name_note)}"))
        d.add(d.t(f"職類別：{s.category.name}（{s.category.code}）；職業別：{s.occupation.name}（{s.occupation.code}）；"
                  f"行業別：{s.industry.name}（{s.industry.code}）",
                  f"Category {d.q(s.category.name)} ({s.category.code}); occupation {d.q(s.occupation.name)} "
                  f"({s.occupation.code}); industry {d.q(s.industry.name)} ({s.industry.code})"))
        d.heading(d.t("主要職責", "Main duties (主要職責)"))
        for duty in s.duties:
            tasks = "、".join(f"{t.code} {t.name}" for t in duty.tasks)
            d.add(f"- {duty.code} {d.q(duty.name)}{d.cite(s.qualify(duty.code))}：{tasks}")
        d.add(d.t(f"另有知識 {len(s.knowledge)} 項、技能 {len(s.skills)} 項、態度 {len(s.attitudes)} 項。",
                  f"It also lists {len(s.knowledge)} knowledge, {len(s.skills)} skill and {len(s.attitudes)} attitude items."))
        if s.versions:
            current = next((v for v in s.versions if v.code == s.code), None)
            if current:
                d.add(d.t(f"版本：{current.version}（{current.status}，{current.date}）；共 {len(s.versions)} 個版本。",
                          f"Version {current.version} ({d.q(current.status)}, {current.date}); {len(s.versions)} versions in all."))

    def _task_lines(self, d: Draft, s: Standard, task: Task, full: bool) -> None:
        d.add(f"- {task.code} {d.q(task.name)}" + d.t(f"（職能級別 {task.level}）", f" (level {task.level})")
              + d.cite(s.qualify(task.code)))
        if full:
            for indicator in task.indicators:
                d.add(f"  - {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(indicator.code))}")
            for output in task.outputs:
                d.add(f"  - {d.t('工作產出', 'Output')} {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")

    def _item(self, d: Draft, s: Standard, item: str) -> bool:
        for duty in s.duties:
            if duty.code == item:
                d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}的主要職責「{duty.name}」{d.cite(s.qualify(item))}，含工作任務：",
                          f"{s.qualify(item)} is the main duty {d.q(duty.name)} of {d.q(s.name)}{d.cite(s.qualify(item))}, with tasks:"))
                for task in duty.tasks:
                    self._task_lines(d, s, task, full=False)
                return True
            for task in duty.tasks:
                if task.code == item:
                    self._task_detail(d, s, duty, task)
                    return True
                for indicator in task.indicators + task.outputs:
                    if indicator.code == item:
                        kind = d.t("行為指標", "behaviour indicator") if item.startswith("P") else d.t("工作產出", "work output")
                        d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}工作任務 {task.code} {task.name} 的{kind}：",
                                  f"{s.qualify(item)} is a {kind} of task {task.code} {d.q(task.name)} in {d.q(s.name)}:"))
                        d.add(f"- {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(item))}")
                        d.add("")
                        self._task_detail(d, s, duty, task)
                        return True
        letter = item[:1]
        pool = {"K": s.knowledge, "S": s.skills, "A": s.attitudes}.get(letter, ())
        found = next((i for i in pool if i.code == item), None)
        if found is None:
            return False
        kind = {"K": d.t("知識", "knowledge"), "S": d.t("技能", "skill"), "A": d.t("態度", "attitude")}[letter]
        text = d.q(found.text) + (f"：{d.q(found.definition)}" if found.definition else "")
        d.add(d.t(f"{s.qualify(item)} 是{d.q(s.name)}的{kind}項目：{text}{d.cite(s.qualify(item))}",
                  f"{s.qualify(item)} is a {kind} item of {d.q(s.name)}: {text}{d.cite(s.qualify(item))}"))
        if found.other_texts:
            d.add(d.t(f"注意：原文中同一代碼另載為「{'、'.join(found.other_texts)}」（原始資料之誤植，照錄）。",
                      f"Note: the source also prints this code as {'、'.join(map(d.q, found.other_texts))} "
                      "(a typo in the source, kept as printed)."))
        users = [t for t in s.tasks if item in (t.knowledge_codes + t.skill_codes)]
        if users:
            d.add(d.t("列於工作任務：", "Listed on tasks: ") + "、".join(
                f"{t.code} {t.name}{d.cite(s.qualify(t.code))}" for t in users))
        return True

    def _task_detail(self, d: Draft, s: Standard, duty: Duty, task: Task) -> None:
        d.add(d.t(f"{d.q(s.name)}{d.cite(s.code)}的工作任務 {task.code}「{task.name}」{d.cite(s.qualify(task.code))}"
                  f"屬於主要職責 {duty.code} {duty.name}，職能級別 {task.level}。",
                  f"Task {task.code} {d.q(task.name)}{d.cite(s.qualify(task.code))} of {d.q(s.name)}{d.cite(s.code)} "
                  f"belongs to duty {duty.code} {d.q(duty.name)}, at competency level {task.level}."))
        d.heading(d.t("行為指標", "Behaviour indicators (行為指標)"))
        for indicator in task.indicators:
            d.add(f"- {indicator.code} {d.q(indicator.text)}{d.cite(s.qualify(indicator.code))}")
        if task.outputs:
            d.heading(d.t("工作產出", "Work outputs (工作產出)"))
            for output in task.outputs:
                d.add(f"- {output.code} {d.q(output.text)}{d.cite(s.qualify(output.code))}")
        if task.knowledge:
            d.heading(d.t("知識", "Knowledge (知識)"))
            d.add("；".join(f"{k.code} {d.q(k.text)}{d.cite(s.qualify(k.code))}" for k in task.knowledge))
        if task.skills:
            d.heading(d.t("技能", "Skills (技能)"))
            d.add("；".join(f"{k.code} {d.q(k.text)}{d.cite(s.qualify(k.code))}" for k in task.skills))

    def _competency_list(self, d: Draft, s: Standard, intent: str) -> None:
        items, zh, en = {
            "knowledge": (s.knowledge, "知識（K）", "knowledge items (知識, K)"),
            "skills": (s.skills, "技能（S）", "skills (技能, S)"),
            "attitudes": (s.attitudes, "態度（A）", "attitudes (態度, A)"),
        }[intent]
        d.add(d.t(f"{d.q(s.name)}{d.cite(s.code)}列出 {len(items)} 項{zh}：",
                  f"{d.q(s.name)}{d.cite(s.code)} lists {len(items)} {en}:"))
        for item in items:
            text = d.q(item.text) + (f"：{d.q(item.definition)}" if item.definition else "")
            d.add(f"- {item.code} {text}{d.cite(s.qualify(item.code))}")
        if any(i.other_texts for i in items):
            d.add(d.t("註：原文中部分代碼在不同任務列有不同名稱（原始資料之誤植，照錄第一個名稱）。",
                      "Note: the source prints some codes with two names on different tasks; the first is shown."))
