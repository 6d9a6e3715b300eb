// The simulator's live calculation: read the form, ask the server, show the text it sends.
// Every figure arrives formatted; this script never prices or formats money itself.
"use strict";

(function () {
  const form = document.getElementById("simulator");
  if (!form) {
    return;
  }
  const slider = document.getElementById("sessions-slider");
  const sessions = document.getElementById("sessions");
  const months = document.getElementById("months");
  // Only on the page of a catalog with a discount for patients in their birth month.
  const birthMonth = document.getElementById("birth-month");
  const firstVisit = document.getElementById("first-visit");
  // Only on the page of a catalog whose prices read a returning patient's sessions had, and
  // the last one's date only where a price holds within days of it; shown while returning.
  const history = document.getElementById("history");
  const lastVisit = document.getElementById("last-visit");
  // Only on the page of a catalog with a treatment sold by the unit (2本目以降).
  const units = document.getElementById("units");
  const unitsLabel = form.querySelector("label[for=units]");
  const treatment = document.getElementById("treatment");
  const chosen = document.getElementById("treatment-chosen");
  const result = document.getElementById("result");
  const error = document.getElementById("error");
  const url =
    "/simulator/" + encodeURIComponent(form.dataset.catalog) +
    "/quote?locale=" + encodeURIComponent(form.dataset.locale);
  let latest = 0;
  let timer = null;

  function request() {
    const body = {
      treatment: treatment.value,
      sessions: Number.parseInt(sessions.value, 10),
      new_patient: form.querySelector("input[name=patient]:checked").value === "new",
      with: [],
      fees: [],
    };
    if (months.value !== "") {
      body.months = Number.parseInt(months.value, 10);
    }
    if (units && !units.hidden && units.value !== "1") {
      body.units = Number.parseInt(units.value, 10);
    }
    // Only on the page of a clinic with member (segment) prices; regular prices are "".
    const segment = form.querySelector("input[name=segment]:checked");
    if (segment && segment.value !== "") {
      body.segment = segment.value;
    }
    if (firstVisit.value !== "") {
      body.first_visit = firstVisit.value;
    }
    // A returning patient's history of the chosen treatment (a new patient has none). A
    // number typed wrong (1.5) is sent as it is, for the service to refuse by its field.
    if (!body.new_patient && history && history.value !== "") {
      body.history = { [treatment.value]: Number(history.value) };
    }
    if (!body.new_patient && lastVisit && lastVisit.value !== "") {
      body.last_visit = { [treatment.value]: lastVisit.value };
    }
    if (birthMonth && birthMonth.value !== "") {
      body.birth_month = Number.parseInt(birthMonth.value, 10);
    }
    for (const box of form.querySelectorAll("input[name=with]:checked")) {
      if (!box.disabled) {
        body.with.push(box.value);
      }
    }
    // The optional fees: a group's "none" is an empty value.
    for (const fee of form.querySelectorAll("input[data-fee]:checked")) {
      if (fee.value !== "") {
        body.fees.push(fee.value);
      }
    }
    return body;
  }

  function set(id, text) {
    document.getElementById(id).textContent = text;
  }

  // The chosen treatment and its other doses are no add-ons: a request names one dose of a
  // treatment. Hidden and unticked whenever the choice changes (the page hides the first's).
  function offerAddons() {
    const base = treatment.value.split(":")[0];
    for (const box of form.querySelectorAll("input[name=with]")) {
      const same = box.dataset.base === base;
      box.disabled = same;
      if (same) {
        box.checked = false;
      }
      box.closest("label").hidden = same;
    }
  }

  // The amounts a visit may take of the chosen treatment, worded by the page (the option's
  // data-units); the choice is hidden for a treatment taken one unit a visit. The amount
  // chosen is kept where the new treatment offers it.
  function offerUnits() {
    if (!units) {
      return;
    }
    const option = treatment.options[treatment.selectedIndex];
    const amounts = option && option.dataset.units ? JSON.parse(option.dataset.units) : [];
    const kept = Number.parseInt(units.value, 10);
    units.replaceChildren();
    amounts.forEach(function (text, index) {
      const choice = document.createElement("option");
      choice.value = String(index + 1);
      choice.textContent = text;
      units.append(choice);
    });
    units.value = kept <= amounts.length ? String(kept) : "1";
    const none = amounts.length < 2;
    units.hidden = none;
    unitsLabel.hidden = none;
  }

  // A returning patient's history and last visit: hidden while the patient is new.
  function offerHistory() {
    const returning = form.querySelector("input[name=patient]:checked").value === "returning";
    for (const control of form.querySelectorAll("[data-returning]")) {
      control.hidden = !returning;
    }
  }

  // A refusal clears the figures of the request before it: they no longer answer the form.
  function refuse(text) {
    for (const id of ["best", "total", "per-session", "saving"]) {
      set(id, "");
    }
    document.getElementById("cheaper").replaceChildren();
    document.querySelector("#payments tbody").replaceChildren();
    result.dataset.sessions = "";
    error.textContent = text;
  }

  // The service's problem, said in the page's language from the page's own table (the
  // error element's data): by the field it names, else the request as a whole.
  function refusal(data) {
    const fields = (data && Array.isArray(data.errors) ? data.errors : []).map(function (e) {
      return String(e.field).replace(/^body\./, "").split(".")[0];
    });
    // Each field the page asks for, with the key of its words (data-first-visit is
    // dataset.firstVisit).
    const said = {
      sessions: "sessions",
      months: "months",
      first_visit: "firstVisit",
      history: "history",
      last_visit: "lastVisit",
    };
    for (const field of Object.keys(said)) {
      if (fields.includes(field)) {
        return error.dataset[said[field]];
      }
    }
    return error.dataset.request;
  }

  function show(data) {
    set("best", data.best);
    set("total", data.total);
    set("per-session", data.per_session);
    set("saving", data.saving);
    // Where another way costs less at another price point: its total there, so the total
    // above is not read as the most the cheapest way costs.
    const cheaper = document.getElementById("cheaper");
    cheaper.replaceChildren();
    for (const line of data.cheaper) {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = line;
      cheaper.append(note);
    }
    const rows = document.querySelector("#payments tbody");
    rows.replaceChildren();
    for (const payment of data.payments) {
      const row = document.createElement("tr");
      const month = document.createElement("td");
      const amount = document.createElement("td");
      month.textContent = payment.month;
      amount.textContent = payment.amount;
      amount.className = "num";
      row.append(month, amount);
      rows.append(row);
    }
    error.textContent = "";
    result.dataset.sessions = String(data.sessions);
  }

  async function calculate() {
    const ticket = ++latest;
    const body = request();
    if (!Number.isInteger(body.sessions) || body.sessions < 1) {
      refuse(error.dataset.sessions);
      return;
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const data = await response.json();
      if (ticket !== latest) {
        return; // a newer calculation is on its way
      }
      if (response.ok) {
        show(data);
      } else if (response.status === 422) {
        refuse(refusal(data));
      } else {
        refuse(error.dataset.failed);
      }
    } catch (problem) {
      if (ticket === latest) {
        refuse(error.dataset.failed);
      }
    }
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(calculate, 150);
  }

  // A phone cuts a long option short in the closed <select>: its whole text shows below it.
  function showChosen() {
    const option = treatment.options[treatment.selectedIndex];
    if (option) {
      chosen.textContent = option.textContent;
    }
  }

  treatment.addEventListener("change", showChosen);
  treatment.addEventListener("change", offerAddons);
  treatment.addEventListener("change", offerUnits);
  slider.addEventListener("input", function () {
    sessions.value = slider.value;
    soon();
  });
  sessions.addEventListener("input", function () {
    const count = Number.parseInt(sessions.value, 10);
    if (Number.isInteger(count)) {
      slider.value = String(Math.min(count, Number(slider.max)));
    }
    soon();
  });
  form.addEventListener("change", offerHistory);
  form.addEventListener("change", soon);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    calculate();
  });
  showChosen(); // a restored form may have kept another choice than the first
  offerAddons();
  offerUnits();
  offerHistory(); // a restored form may have kept a returning patient
  calculate();
})();
