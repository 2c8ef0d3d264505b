"""Cues read from one message, whatever its intent: outage, priority 1, the escalation ladder, a
question about one contact, a PQRSA named in other words, a correction of the product.

The intent classifier learns from examples and misses sentences unlike them ("se nos cayó el gestor",
"estamos todos quietos sin poder radicar"). These cues are the words that decide a route, read with
their negations and hedges: "no es crítico" and "solo quería avisar" are not priority 1, because a
false alarm sends someone to the on-call cell at night.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Pattern, Sequence, Tuple

from bot.routing import ESCALATION_TOPICS, Topic
from bot.spanish import fold, written_out

# Entity values shared by the NLU (nlu_components/cue_reader.py) and the actions: data/nlu/synonyms.yml
# maps every criticality cue ("urgente", "todo parado"…) to CRITICAL_VALUE; a negated or hedged one
# ("no es crítico") is NOT_CRITICAL_VALUE; "era el otro sistema" names the product OTHER_PRODUCT_VALUE.
CRITICAL_VALUE, NOT_CRITICAL_VALUE, OTHER_PRODUCT_VALUE = "critico", "no_critico", "otro"


def criticality(critical: bool) -> str:
    """The criticality entity's value for what a message says of the operation."""
    return CRITICAL_VALUE if critical else NOT_CRITICAL_VALUE


# Contacts a person can ask about without the product mattering: the routing's names for them.
CONTACT_PRIORITY_CELL = Topic.PRIORITY_CELL.value
CONTACT_PQRSA = "pqrsa"
CONTACT_SUPERVISOR = Topic.SUPERVISOR.value
CONTACT_COORDINATOR = Topic.COORDINATOR.value


def _any(*patterns: str) -> Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


_WORK = r"(?:trabajar|laborar|atender|operar|radicar|firmar|enrolar|validar|autenticar|registrar|facturar|hacer nada|escanear|digitalizar|funcionar|despachar|tramitar|notariar)"
_OUTAGE = _any(
    # "se (me) colgó" is the system; "me colgó" alone is a person hanging up (a complaint, below).
    r"se (?:\w+ )?colg\w+",
    r"(?:se|nos|me) (?:\w+ )?(?:cayo|cae|callo|murio|bloqueo|trabo|congelo|daño|dano|tosto|apago|reinicia|cierra|sale|saca|desconecta|quedo pegad\w*|quedo colgad\w*)",
    r"(?:esta|estan|sigue|siguen|anda|quedo|quedaron|lleva|esta totalmente) (?:\w+ )?(?:caid\w+|callo|abajo|muert\w+|lent\w+|pegad\w+|colgad\w+|bloquead\w+|fuera de linea|fuera de servicio|offline|intermitente|inestable|trabad\w+|congelad\w+|inactiv\w+)",
    r"caid[oa]s?",
    r"caida",
    r"(?:se|nos) (?:\w+ )?(?:vino|fue|vinieron) (?:abajo|al piso)",
    r"no (?:\w+ )?(?:abre|carga|cargan|sirve|sirven|funciona|funcionan|responde|responden|deja|dejan|conecta|conectan|prende|enciende|lee|leen|reconoce|valida|validan|autentica|autentican|sube|suben|guarda|ingresa|entra|arranca|inicia|captura|toma|pasa|aparece|muestra)",
    # The same verbs in any tense, a word or two after the "no": "no nos está cargando", "no está cogiendo".
    r"(?:no|tampoco|ni) (?:\w+ ){0,2}(?:abr|carg|funcion|conect|prend|enciend|leyend|reconoc|valid|autentic|sub|"
    r"guard|ingres|arranc|inici|captur|cog|firm|descarg|gener|imprim|sincroniz|escane|digitaliz|devuelv|"
    r"devolv)(?:e|a|an|en|"
    r"iendo|ando|o|io|ieron|aron|ia|ian|ido|ado|ar|er|ir)\b",
    r"no (?:puedo|podemos|pude|pudimos|logro|logramos|hemos podido|he podido) (?:\w+ ){0,2}(?:firmar|entrar|ingresar|"
    r"radicar|cargar|subir|descargar|abrir|validar|autenticar|enrolar|capturar|escanear|digitalizar|guardar|"
    r"iniciar sesion|loguear\w*|trabajar|operar|acceder|imprimir|consultar)",
    r"sin (?:servicio|sistema|conexion|acceso|linea)",
    r"fuera de (?:servicio|linea)",
    r"bloquead[oa]s?",
    r"no (?:hay|tenemos) (?:servicio|sistema|conexion|acceso|plataforma)",
    r"error(?:es)?",
    r"falla\w*",
    r"(?:se|esta) (?:\w+ )?(?:reiniciando|cerrando|pegando|colgando)",
    r"paila",
    r"timeout",
    r"no me deja",
    r"dej[oó] de (?:funcionar|servir|responder|leer|validar|cargar)",
    r"pantallazo",
    r"intermitencia",
    r"rechaz(?:a|an|ando|o|aron|ado|ada|ados|adas)",
    r"(?:flujo|proceso|tramite|paso|documento|documentos|radicacion|firma|firmas) (?:\w+ ){0,5}no (?:avanza|avanzan|pasa|pasan)",
    r"(?:se queda|se quedan|se quedo|se quedaron) (?:\w+ ){0,2}(?:en el paso|cargando|pensando|en blanco)",
)
_STRONG_CRITICAL = _any(
    r"critic[oa]s?",
    r"criticidad alta",
    r"prioridad (?:1|uno|alta|maxima)",
    r"p ?1",
    r"urgente\w*",
    r"urgencia",
    r"emergencia",
    r"toda la (?:entidad|notaria|oficina|empresa|alcaldia|sede|operacion|organizacion|gobernacion|secretaria|institucion|compania)",
    r"todas las (?:sedes|oficinas|ventanillas|notarias|areas|sucursales|taquillas|cajas)",
    r"todos los (?:puestos|equipos|usuarios|computadores|funcionarios|modulos|pacientes)",
    r"(?<!no )(?:es|esta|muy|bastante|super|algo) grave",
    r"todo el (?:personal|equipo|mundo|edificio)",
    r"no (?:\w+ )?(?:deja|dejan|permite|permiten) (?:\w+ )?(?:validar|autenticar|atender|trabajar|radicar|firmar|entrar|"
    r"ingresar|pasar) a (?:nadie|ningun\w*)",
    r"(?:nadie|ninguno|ninguna|ningun) (?:\w+ ){0,6}(?:puede|pueden|pudo|pudieron|ha podido|han podido|esta pudiendo|"
    r"logra|lograron|ha logrado|han logrado)",
    rf"no (?:\w+ )?(?:podemos|pueden|puede|hemos podido|estamos pudiendo) (?:\w+ )?{_WORK}",
    rf"sin poder (?:\w+ )?{_WORK}",
    r"operacion (?:\w+ )?(?:detenida|parada|paralizada|suspendida|frenada|caida)",
    r"(?:estamos|tenemos|esta|estan|quedamos|quedaron|seguimos|siguen) (?:\w+ ){0,3}(?:todos |todo )?(?:parad\w+|paralizad\w+|detenid\w+|quiet\w+|frenad\w+|varad\w+|inoperativ\w+|de brazos cruzados)",
    r"todo (?:esta |quedo )?(?:parado|paralizado|detenido|quieto|frenado|caido|bloqueado)",
    r"paralizad\w+",
    r"no puede esperar",
    r"todos (?:quiet\w+|parad\w+|detenid\w+|paralizad\w+|varad\w+|sin poder)",
    r"(?:cola|fila) de (?:\d+ |mas de \d+ )?(?:gente|usuarios|personas|clientes|ciudadanos)",
    r"vence (?:\w+ )?(?:termino|plazo)",
)
# Said of the fault itself: it is not an emergency. Checked before any strong cue.
_HEDGE = _any(
    r"no es (?:\w+ )?(?:critico|critica|urgente|grave|emergencia|prioridad|prioritario|tan grave|nada grave|para tanto|de vida o muerte)",
    r"no (?:es|era|esta) (?:tan |muy )?(?:critico|urgente|grave)",
    r"nada (?:grave|urgente|critico|serio)",
    r"(?:algo|cosa|problema|detalle|tema|falla) (?:\w+ )?(?:menor|pequen\w+|leve|minim\w+)",
    r"sin (?:afan|prisa|urgencia)",
    r"no (?:hay|tengo|tenemos|corre) (?:\w+ )?(?:afan|prisa|urgencia)",
    r"(?<!no )puede esperar",
    r"cuando (?:puedan|tengan tiempo)",
    r"solo (?:queria|quiero|quisiera|era para|es para) (?:\w+ )?(?:avisar|informar|comentar|reportar|contarles|saber)",
    r"solo (?:un|una|a un|a una|en un|en una) (?:\w+ )?(?:equipo|computador|pc|usuario|persona|funcionari\w+|puesto|caso|maquina|lector)",
    r"solo (?:a mi|a mi me|me pasa a mi|el mio)",
    r"(?:seguimos|podemos seguir|se puede seguir|sigo) (?:\w+ )?(?:trabajando|atendiendo|operando)",
    r"(?:aun|todavia|igual|si) (?:\w+ )?(?:podemos|puedo|pueden|se puede) (?:\w+ )?(?:trabajar|atender|operar|seguir)",
    r"(?:ya )?(?:se )?(?:soluciono|resolvio|arreglo|normalizo)",
    r"por ahora (?:funciona|sirve|estamos bien)",
    r"tranquil[oa]s?",
    r"tranqui",
    r"no (?:es|era) nada",
    r"(?:no|tampoco|ni) es (?:que sea |que este |tan |algo |nada )?(?:una |un )?(?:critico|critica|urgente|grave|emergencia|urgencia|"
    r"prioridad|prioritario)",
    r"nada del otro mundo",
    r"(?:para|pa) que (?:lo |la )?(?:sepan|tengan en cuenta|revisen cuando)",
    r"igual (?:\w+ )?(?:funciona|valida|sirve|trabaja|opera|deja|abre|carga)",
)
_FILLER = r"^(?:(?:pues|bueno|eh+|ay|uy|ah+|mm+|ok|okey|hola|senor|senora|senorita|oiga|mire|la verdad)(?: ,)? )*"
_YES = re.compile(
    _FILLER + r"(?:si|sii+|sip|claro|exacto|correcto|afirmativo|efectivamente|asi es|obvio|por supuesto|de una|"
    r"sisas|totalmente|literal|sin duda)\b"
)
_NO = re.compile(_FILLER + r"(?:no+(?! se\b| sabria| estoy segur)|nop|nel|negativo|para nada|nada|tampoco|naa+|nah)\b")

# The ladder: level 1 is regular support, 2 the supervisor, 3 the coordinator.
_LEVEL_NAMES: Sequence[Tuple[int, Pattern]] = (
    (
        3,
        _any(
            r"nivel (?:3|tres)",
            r"tercer (?:nivel|escalamiento)",
            r"nivel mas alto",
            r"ultimo nivel",
            r"coordinador\w*",
            r"coordinacion",
        ),
    ),
    (2, _any(r"nivel (?:2|dos)", r"segundo (?:nivel|escalamiento)", r"supervisor\w*", r"supervision")),
    (
        1,
        _any(
            r"soporte",
            r"mesa de ayuda",
            r"linea",
            r"chat",
            r"correo",
            r"nivel (?:1|uno)",
            r"primer nivel",
            r"ingeniero",
            r"tecnico",
            r"agente",
            r"asesor\w*",
            r"funcionari\w+",
            r"ticket",
            r"caso",
        ),
    ),
)
# Help that failed, said of people (support, the supervisor): on its own an escalation.
_HELP_FAILED = _any(
    r"(?:no|ni) (?:me|nos) (?:\w+ )?(?:ayudaron|ayudo|solucionaron|soluciono|solucionan|resolvieron|resolvio|resuelven|resuelve|han resuelto|han solucionado|han respondido|han contestado|han ayudado|han llamado|han dado|dan solucion|dan respuesta|dieron solucion|dieron respuesta|devuelven|devolvieron|responden|contestan|atienden|atendieron|paran bolas)",
    r"nadie (?:me |nos )?(?:responde|contesta|ayuda|soluciona|resuelve|atiende|da (?:una )?(?:razon|solucion|respuesta)|devuelve)",
    r"nadie (?:me |nos )?(?:ha|han) (?:\w+ )?(?:llamado|respondido|contestado|resuelto|solucionado|ayudado|dado)",
    r"sin (?:respuesta|solucion)",
    r"nunca (?:me|nos) (?:\w+ )?(?:respondieron|contestaron|ayudaron|solucionaron|resolvieron|llamaron|devolvieron)",
    r"(?:sigo|seguimos) (?:\w+ )?esperando",
    r"(?:me|nos) (?:tienen|dejaron) esperando",
    r"(?:me|nos) (?:mandan|mandaron|rebotan|pasan|tienen) de un lado",
    r"no (?:ha|han) (?:\w+ )?(?:resuelto|solucionado|respondido|contestado|dado solucion|dado respuesta)",
    r"no (?:me|nos) (?:ha|han) (?:\w+ )?(?:resuelto|solucionado|respondido|contestado|ayudado|dado|llamado)",
)
# Said of a named level it means that level did not help: "el supervisor tampoco", "soporte y nada".
_LEVEL_FAILED = _any(
    r"tampoco",
    r"y nada",
    r"nada que",
    r"no (?:\w+ )?(?:hizo|hicieron|hace|sirvio|sirve de nada|responde|responden|contesta|contestan|ayuda|ayudo|atiende|atendio|solucion\w*|resuelve|resolvio|llamo|devolvio|dio)",
    r"ya van",
    r"ya llevo",
    r"ya llevamos",
    r"llevo (?:\w+ )?(?:dias?|semanas?|mes|meses)",
    r"hace (?:\w+ )?(?:dias?|semanas?|mes|meses)",
    r"(?:dos|tres|cuatro|cinco|varios|muchos|\d+) (?:dias|semanas|meses)",
    r"(?:sigo|seguimos|estoy|estamos) (?:\w+ )?en espera",
    r"(?:sigue|siguen|sigo|seguimos|continua|continuamos|esta|estamos) (?:\w+ )?(?:igual|lo mismo|sin solucion|sin respuesta)",
    r"no (?:hemos|he|han) (?:\w+ )?(?:llegado a nada|avanzado|logrado nada)",
    r"no (?:avanza|avanzan|hay avance|ha avanzado)",
    r"nada de nada",
    r"(?:llevo|llevamos|van|ya van|ya son|son) (?:\w+ )?(?:\d+|dos|tres|cuatro|cinco|varias|muchas) (?:llamadas|correos|"
    r"mensajes|intentos|veces)",
    r"(?:todavia|aun|hasta ahora|a la fecha) (?:\w+ )?nada",
    r"desde (?:hace |el |la )?(?:\w+ )?(?:dias?|semanas?|mes|meses|lunes|martes|miercoles|jueves|viernes|sabado|domingo)",
)
# Words that ask to be passed on: a level named after one of them is requested, not reached.
_REQUEST_WORD = re.compile(
    r"necesito|quiero|quisiera|requiero|solicito|exijo|deme|dame|paseme|pasenme|pasame|comuniqueme|"
    r"comuniquenme|comunicarme|comunicar|hablar|contactar|escalar\w*|escalen|escale|subir|llevar|pasar(?:me|nos|lo|la)?"
)
# Said of a level already reached ("me pasaron con el supervisor", "hablé con él"): not a request for it.
_REACHED_WORD = re.compile(r"hable|llame|escribi|pasaron|pasamos|contacte|comunique|atendio|dijo|respondio|contesto")
_ALREADY = _any(
    r"ya (?:\w+ )?(?:hable|llame|escribi|hablamos|llamamos|escribimos|fui|fuimos|contacte|contactamos|pase|pasamos|intente|intentamos|abri|abrimos|reporte|reportamos|me comunique|nos comunicamos)",
    r"ya me (?:\w+ )?(?:atendio|atendieron|comunique|dieron)",
)
_ESCALATE = _any(
    r"escal\w+",
    r"(?:paseme|pasenme|comuniqueme|comuniquenme|comunicar(?:me)?|hablar|pasar(?:me)?|contactar|comunicarme) (?:\w+ )?(?:con|al|a la|a un|el|la)",
    r"(?:quiero|necesito|exijo|deme|deseo|solicito) (?:\w+ )?(?:hablar|el siguiente|un superior|el jefe|al jefe|al superior|el nivel|nivel)",
    r"(?:siguiente|otro|proximo) nivel",
    r"nivel superior",
    r"mas arriba",
    r"superior",
    r"jefe",
    r"encargado",
)
_NEXT_LEVEL = _any(r"(?:siguiente|otro|proximo) nivel", r"nivel superior", r"mas arriba", r"superior", r"jefe")
# Asking for one contact's details rather than to be passed on.
_LOOKUP = _any(
    r"cual(?:es)? es",
    r"(?:me lo|me la|me los|me las) (?:\w+ )?(?:pasa|pasas|pasar|regala|regalas|regalar|da|das|dar|facilita|facilitar|comparte|compartir|envia|enviar)",
    r"^y (?:el|la|los|las) (?:\w+ )?(?:de|del) ",
    r"hay (?:soporte|atencion|servicio)",
    r"(?:atienden|trabajan|abren) (?:hoy|manana|el|los|en|este|esta)",
    r"cual(?:es)?",
    r"que (?:numeros?|telefonos?|celular(?:es)?|correos?|email|mail|horario)",
    r"(?:me da|me das|me regala|me regalas|me pasa|me pasas|me facilita|me comparte|regalame|dame|deme|pasame|paseme|facilitame|faciliteme|indiqueme|me indica|me dice|digame|necesito|quiero|busco) (?:el |los |la |las |un |una |su |sus )?(?:numeros?|correos?|telefonos?|celular(?:es)?|cel|contactos?|email|mail|horario|datos|extension|lineas?|whatsapp)",
    r"(?:numeros?|telefonos?|celular(?:es)?|correos?|email|mail|e mail|extension|contactos?|whatsapp|linea) (?:\w+ )?(?:de|del|para)",
    r"(?:donde|a donde|adonde|como) (?:\w+ )?(?:llamo|escribo|contactos?|mando|envio|radico|pongo|presento)",
    r"hasta (?:que|q) hora",
    r"a (?:que|q) hora",
    r"(?:que|q) horario",
    r"horario",
    r"en (?:que|q) horario",
    r"(?:que|q) (?:dias|dia) (?:\w+ )?(?:atienden|reciben)",
    # "¿Ya abrió la línea del gestor?", "¿ya están contestando?": whether support is open yet.
    r"ya (?:\w+ ){0,3}(?:abrio|abrieron|abre|abren|esta atendiendo|estan atendiendo|esta contestando|"
    r"estan contestando|hay alguien|atienden|contestan|operando|funcionando|trabajando|disponibles?|en servicio|"
    r"abiert[oa]s?)",
)
# What an information question is about, when it names no single contact.
_HOURS_WORDS = _any(
    r"horas?",
    r"horarios?",
    r"abren",
    r"abre",
    r"abrio",
    r"abrieron",
    r"abiert[oa]s?",
    r"atendiendo",
    r"contestando",
    r"operando",
    r"cierran",
    r"cierra",
    r"atienden",
    r"atiende",
    r"disponibles?",
    r"(?:que|cuales|los) dias",
    r"sabados?",
    r"domingos?",
    r"festivos?",
)
_CONTACT_WORDS = _any(
    r"canal(?:es)?",
    r"numer\w*",
    r"telefon\w*",
    r"movil(?:es)?",
    r"correos?",
    r"e ?mail",
    r"contactos?",
    r"lineas?",
    r"celular(?:es)?",
    r"chat",
    r"whatsapp",
    r"extension(?:es)?",
    r"comunicarme",
    r"comunicarnos",
)
CONTACT_LEVELS = {topic.value: level for topic, level in ESCALATION_TOPICS.items()}
# "¿Y el del supervisor?": the same question as before, about another contact.
_FOLLOW_UP = re.compile(r"^y (?:el|la|los|las) (?:\w+ )?(?:de|del) ")
_EMAIL_WORDS = _any(r"correos?", r"e ?mails?", r"mail", r"direccion electronica")
_CONTACTS: Sequence[Tuple[str, Pattern]] = (
    (
        CONTACT_PRIORITY_CELL,
        _any(
            r"(?:celular(?:es)?|cel|numeros?|telefonos?|lineas?|movil|whatsapp)(?: \w+){0,6} (?:prioridad|critic\w+|emergencia\w*|urgencia\w*|urgente\w*|p ?1|24 horas|turno|de guardia)",
            # The only mobile number is the priority-1 cell: a mobile asked for with any word of severity.
            r"(?:celular(?:es)?|cel|movil(?:es)?)(?: \w+){0,12} (?:prioridad|critic\w+|emergencia\w*|urgencia\w*|urgente\w*|"
            r"p ?1|24 horas|24h|24 ?x ?7|24 7|turno|guardia|severidad|grav\w*|priorit\w+|fuera (?:del|de) (?:horario|hora)|contingencia|"
            r"continuidad|(?:a )?(?:cualquier|toda) hora|de noche|madrugada|fin(?:es)? de semana|festivos?)",
            r"celular de (?:guardia|turno|emergencia\w*)",
            r"prioridad (?:1|uno)",
        ),
    ),
    (
        CONTACT_PQRSA,
        _any(r"pqr\w*", r"quejas?", r"reclamos?", r"peticion\w*", r"sugerencias?", r"apelacion\w*", r"felicitacion\w*"),
    ),
    (CONTACT_COORDINATOR, _any(r"coordinador\w*", r"nivel (?:3|tres)", r"tercer nivel")),
    (CONTACT_SUPERVISOR, _any(r"supervisor\w*", r"nivel (?:2|dos)", r"segundo nivel")),
)
_PQRSA_TYPES: Sequence[Tuple[str, Pattern]] = (
    (
        "felicitacion",
        _any(
            r"felicit\w+",
            r"(?:agradecimiento|reconocimiento) (?:\w+ )?(?:formal|publico|especial|por escrito|a la|al|a)",
            r"(?:agradecer|reconocer|exaltar|destacar) (?:\w+ ){0,3}(?:formalmente|por escrito|publicamente|la atencion|el servicio|la labor|la gestion|el trabajo|la amabilidad)",
            r"(?:dejar|poner|radicar) (?:\w+ ){0,3}(?:agradecimiento|reconocimiento)",
        ),
    ),
    ("apelacion", _any(r"apela\w*", r"apelacion\w*", r"recurso de (?:apelacion|reposicion)", r"impugn\w+")),
    (
        "reclamo",
        _any(
            r"reclam\w+",
            r"cobro indebido",
            r"(?:me|nos|le|les) (?:\w+ )?cobr\w+",
            r"cobr\w+ (?:\w+ ){0,4}(?:dos veces|doble|de mas|demas|indebid\w*|sin|que no)",
            r"devolucion de (?:mi |la |el |nuestro )?(?:dinero|plata|pago|valor)",
            r"devuelv\w+ (?:\w+ ){0,2}(?:dinero|plata|pago|valor|cobro)",
            r"reembols\w*",
            r"reintegr\w+",
            r"nota (?:de )?credito",
            r"(?:pago|pagos|cobro|cobros|factura|debito) (?:\w+ )?(?:doble|duplicad\w*|de mas|dos veces)",
            r"(?:pag\w+|debit\w+|cobr\w+|factur\w+) (?:\w+ ){0,4}(?:doble|dos veces|de mas|duplicad\w*)",
            r"devol\w+ (?:\w+ ){0,3}(?:dinero|plata|pago|valor|cobro|platica)",
            r"(?:lo|el dinero|la plata|el valor) que (?:\w+ )?pag\w+",
        ),
    ),
    (
        "queja",
        _any(
            r"quej\w+",
            r"inconformidad",
            r"insatisfaccion",
            r"constancia (?:\w+ )?(?:formal|escrita|por escrito)",
            r"(?:dejar|poner|que quede) (?:\w+ ){0,3}(?:constancia|registro|precedente)",
            r"mal servicio",
            r"falta de (?:respeto|seriedad|profesionalismo)",
            r"(?:no es|poco) serio",
            r"inaceptable",
            r"eso no (?:puede|debe) ser (?:asi)?",
            r"(?:que|una) falta de (?:respeto|seriedad|profesionalismo)",
            r"pesimo servicio",
            r"mala atencion",
            r"(?:me|nos) (?:trataron|atendieron) mal",
            r"(?:me|nos|lo|la|los) (?:\w+ )?(?:trat\w+|atend\w+|habl\w+|contest\w+) (?:\w+ ){0,3}(?:mal|feo|horrible|"
            r"de mala manera|groser\w*|despectiv\w*)",
            r"displicente\w*",
            r"tonito",
            r"(?:me|nos) (?:\w+ )?(?:colgo|colgaron|tiro|tiraron) (?:\w+ ){0,3}(?:telefono|llamada|celular)",
            r"descontent\w+",
            r"inconforme\w*",
            r"(?:quede|queden|dejar|dejo|poner|pongo|radicar) (?:\w+ ){0,3}(?:registrad\w*|constancia|por escrito|oficialmente|formalmente)",
            r"grosero\w*",
            r"groser\w+",
            r"despectiv\w+",
            r"de (?:mala|muy mala|pesima) (?:manera|forma|gana)",
            r"mala (?:actitud|gana|educacion)",
            r"maltrat\w+",
            r"(?:me|nos) (?:\w+ )?(?:tiro|tiraron|colgo|colgaron) el telefono",
            r"irrespetuos\w+",
            r"denunciar",
        ),
    ),
    (
        "sugerencia",
        _any(
            r"ojala (?:\w+ ){0,6}\w+(?:ara|aran|iera|ieran|ase|asen|iese|iesen)\b",
            r"(?:seria|es) (?:muy )?(?:bueno|ideal|chevere|bacano|util|genial) (?:que|poder|tener)",
            r"(?:deberia|deberian|podrian|podria) (?:\w+ ){0,3}(?:tener|agregar|incluir|poner|mejorar|permitir|avisar|habilitar)",
            r"me gustaria (?:que|proponer|sugerir)",
            r"propong\w*",
            r"(?:esa|una|mi) idea",
            r"idea (?:de|para) mejora\w*",
            r"sugerir\w*",
            r"sugiero",
            r"propuesta de mejora",
            r"seria bueno que",
            r"recomendacion para mejorar",
        ),
    ),
    ("peticion", _any(r"peticion\w*", r"derecho de peticion", r"solicitud formal", r"pqr\w*", r"pqrs\w*")),
)
# Asking to file a PQRSA in so many words ("quiero poner un reclamo"): that is the request, whatever
# the message tells of waits or failures.
_FILE_PQRSA = _any(
    r"(?:poner|pongo|radicar|radico|presentar|presento|interponer|interpongo|hacer|hago|dejar|dejo|elevar|"
    r"formular|instaurar|pasar|mandar|enviar) (?:\w+ ){0,3}(?:quej\w*|reclam\w*|peticion\w*|sugerencia\w*|"
    r"apelacion\w*|pqr\w*|felicitacion\w*)",
)
# The verb itself: "necesito escalar un caso" asks for the next level whatever else it says.
# Said as a request ("necesito escalar", "¿a quién le escalo esto?", "escálenlo"), not as something the person
# will do themselves ("antes de escalar internamente").
_ESCALATE_WORD = _any(
    r"(?:necesito|necesitamos|quiero|queremos|quisiera|deseo|deseamos|solicito|requiero|requerimos|como|donde|puedo|"
    r"podria|podemos|hay que|toca|favor|ayudenme a|ayudeme a) (?:\w+ ){0,2}escal\w*",
    r"escal(?:en|e|o|amos|amiento|enlo|elo|arlo|arla|arme)",
    r"(?:^|, )escalar (?:el|mi|este|nuestro|un|una|la) (?:caso|ticket|tema|requerimiento|solicitud|incidente)",
)
# "No es petición, es que…", "no quiero radicar nada": the PQRSA named is not what is wanted.
_PQRSA_DENIED = _any(
    r"no (?:es|era|quiero|queria|necesito|vengo a|voy a) (?:\w+ ){0,2}(?:quej\w*|reclam\w*|peticion\w*|sugerencia\w*|"
    r"apelacion\w*|pqr\w*|radicar nada|poner nada)",
    r"no (?:quiero|queria|necesito|voy a) (?:radicar|poner|presentar) nada",
    r"no no es (?:\w+ ){0,2}(?:quej\w*|reclam\w*|peticion\w*|sugerencia\w*|apelacion\w*|pqr\w*)",
    r"no se trata de (?:\w+ ){0,2}(?:quej\w*|reclam\w*|peticion\w*|sugerencia\w*|apelacion\w*|pqr\w*)",
)
_FILING_FAILS = _any(
    r"no (?:me |nos |le |les )?(?:deja|dejan|permite|permiten|puedo|podemos|pueden|puede|sirve para) (?:\w+ ){0,2}"
    r"(?:radicar|presentar|subir|registrar|tramitar|cargar|guardar|firmar) (?:\w+ ){0,3}(?:quej\w*|reclam\w*|"
    r"peticion\w*|sugerencia\w*|apelacion\w*|pqr\w*)"
)
_CORRECTION = _any(
    r"^ah+ no",
    r"^(?:uy|ay|ah+|no) (?:no )?(?:, )?(?:espere|esperen|mejor|perdon)",
    r"^(?:uy|ay|ah+|ups|no)(?: no)?(?: ,)? (?:es|era|fue) (?:el|la|del|de la|lo)\b",
    r"espere , (?:es|era)",
    r"^no no",
    r"(?:perdon|disculp\w+)(?: ,)? (?:(?:pero )?(?:es|era|no es|no era|fue)|me equivoque|me confundi)",
    r"^(?:perdon|disculp\w+)(?: ,)? (?:el|la|lo) ",
    r"(?:perdon|disculp\w+)(?: ,)? (?:\w+ ){0,4}(?:es|era|fue) (?:el|la|del|de la|en el|en la|con el|con la) ",
    r"me explique mal",
    r"me exprese mal",
    r"me enrede",
    r"me enrolle",
    r"me trabe",
    r"no era eso",
    r"me equivoque",
    r"me confundi",
    r"error mio",
    r"corrijo",
    r"mejor dicho",
    r"quise decir",
    r"era (?:el|la) otr[oa]",
    r"es (?:el|la) otr[oa]",
    r"no es (?:\w+ )?sino",
    r"no era",
    r"en realidad es",
    r"realmente es",
    r"(?:el|la) otr[oa] (?:sistema|producto|plataforma|aplicativo|programa)",
)
_OTHER_PRODUCT = _any(r"(?:el|la) otr[oa](?: (?:sistema|producto|plataforma|aplicativo|programa|servicio))?")


# A failure told as going on for a while ("desde el 10 de noviembre", "hace una semana"), or a request that
# points back at what was told ("¿a quién le escalo esto?"): the failure is what an escalation is about.
_LONG_STANDING = _any(
    r"desde (?:hace |el |la |los |las )?(?:\w+ ){0,2}(?:dias?|semanas?|mes|meses|lunes|martes|miercoles|jueves|"
    r"viernes|sabado|domingo|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)",
    r"desde (?:ayer|antier|anteayer|la semana pasada|el mes pasado|hace rato|hace tiempo)",
    r"hace (?:\w+ )?(?:dias?|semanas?|mes|meses)",
    r"(?:lleva|llevamos|llevo) (?:\w+ )?(?:dias?|semanas?|mes|meses)",
    r"otra vez",
    r"sigue (?:igual|fallando|pasando)",
)
_POINTS_BACK = _any(r"esto", r"eso", r"este (?:caso|problema|tema|error)", r"esta (?:falla|situacion)", r"lo mismo")


def tells_a_long_standing_failure(text: str) -> bool:
    return bool(_LONG_STANDING.search(_clean(text)))


def points_back(text: str) -> bool:
    return bool(_POINTS_BACK.search(_clean(text)))


# "No es que esté fallando", "no hay ningún error": a failure denied is none.
_NOT_FAILING = _any(
    r"no (?:es que |es por que |es porque )?(?:este |esta |estan |esten )?(?:fallando|caid\w+|danad\w+|bloquead\w+)",
    r"no (?:hay|tengo|tenemos|veo) (?:ninguna |ningun |nada de )?(?:falla|fallas|error|errores|problema|problemas)",
)
# Someone who wants a person rather than a bot.
_PERSON = _any(
    r"(?:una persona|un humano|un ser humano|un funcionario|una funcionaria|un asesor|una asesora|un agente|alguien)"
    r"(?: \w+){0,5} (?:y )?no (?:por |con )?(?:un |una |el |la |este |esta )?(?:asistente|robot|bot|maquina|"
    r"automat\w+|chatbot|programa|contestador)",
    r"(?:atendid[oa]|atender|atienda|hablar|chatear|comunicarme|conversar) (?:\w+ ){0,2}(?:por|con) (?:una persona|"
    r"un humano|un ser humano|alguien de verdad|alguien real|una persona real|un humano real)",
    r"carne y hueso",
    r"persona (?:de verdad|real|humana|natural)",
    r"ser humano",
    r"(?:no|sin) (?:\w+ )?(?:robots?|bots?|maquinas?|contestador\w*|respuestas automaticas)",
)


# Asking whether the bot itself is a person ("¿usted es una persona real?") is another question.
_IS_IT_A_BOT = _any(
    r"(?:usted|ud|tu|vos) (?:\w+ )?(?:es|eres|sos)", r"(?:es|eres|sos) (?:usted|ud|tu|vos)", r"estoy hablando con"
)


# The channel an information question names, as the NLU's channel_kind entity values it.
_CHANNELS: Sequence[Tuple[str, Pattern]] = (
    ("correo", _any(r"correos?", r"e ?mails?", r"mail", r"direccion electronica")),
    ("chat", _any(r"chat", r"enlace", r"link")),
    ("telefono", _any(r"telefonos?", r"numeros?", r"lineas?", r"celular(?:es)?", r"cel", r"pbx", r"extension(?:es)?")),
)


def channel_named(text: str) -> Optional[str]:
    """The one channel a question names ("¿y el correo?"), or None when it names none or several."""
    clean = _clean(text)
    named = [name for name, pattern in _CHANNELS if pattern.search(clean)]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class Reading:
    text: str
    outage: bool = False
    # True: a priority-1 cue said as such; False: the person says it is not critical; None: silent.
    critical: Optional[bool] = None
    # A yes or no said in the person's own words, for a pending yes/no question.
    answer: Optional[bool] = None
    level_named: Optional[int] = None
    # The highest level asked for ("necesito al supervisor"), and the highest named otherwise.
    level_requested: Optional[int] = None
    level_mentioned: Optional[int] = None
    unresolved: bool = False
    escalation_asked: bool = False
    # "El supervisor no resolvió, necesito el siguiente nivel": the one above the level named.
    next_asked: bool = False
    contact_asked: Optional[str] = None
    # "horario" or "contacto": a question about hours or ways to reach support, naming no single contact.
    information: Optional[str] = None
    pqrsa_type: Optional[str] = None
    pqrsa_requested: bool = False
    # "No es reclamo", "no quiero radicar nada": whatever the classifier thinks, not a PQRSA.
    pqrsa_denied: bool = False
    person_asked: bool = False
    escalate_word: bool = False
    correction: bool = False
    other_product: bool = False

    @property
    def level_reached(self) -> Optional[int]:
        """The level the person says they already tried without success ("el supervisor tampoco")."""
        if self.unresolved:
            return self.level_mentioned or 1
        return None

    @property
    def tells_a_need(self) -> bool:
        """Whether the message asks for something beyond naming a product and the failure."""
        return bool(
            self.escalation_level
            or self.escalate_word
            or self.pqrsa_requested
            or self.person_asked
            or self.information
            or self.contact_asked
        )

    @property
    def asks_for_a_level(self) -> bool:
        """Someone above is asked for ("escalar", "el supervisor", "el siguiente nivel"), not only a wait told."""
        return bool(self.escalation_asked or self.escalate_word or self.level_requested or (self.level_named or 1) > 1)

    @property
    def escalation_level(self) -> Optional[int]:
        """The level this message asks for, if it asks for one: the next above a level that failed,
        or the level named when the person asks to be passed on."""
        wanted = [self.level_reached + 1] if self.level_reached else []
        wanted += [
            level for level in (self.level_requested, self.escalation_asked and self.level_named) if level and level > 1
        ]
        if self.next_asked and self.level_named and self.level_named > 1:
            wanted.append(self.level_named + 1)
        # The product's ladder decides how high it goes (bot/routing.py).
        return max(wanted) if wanted else None


def _clean(text: str) -> str:
    # Commas and full stops stay, as " , ": "no, puede esperar" is not "no puede esperar".
    spaced = re.sub(r"[.,;:!?¡¿]+", " , ", written_out(fold(text or "")))
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9, ]", " ", spaced)).strip(" ,")


def _levels(text: str) -> Tuple[Optional[int], Optional[int]]:
    """The highest level asked for and the highest level named otherwise."""
    requested: List[int] = []
    mentioned: List[int] = []
    for level, pattern in _LEVEL_NAMES:
        for match in pattern.finditer(text):
            before = text[: match.start()].split()
            asked = any(_REQUEST_WORD.fullmatch(word) for word in before[-10:])
            reached = any(_REACHED_WORD.fullmatch(word) for word in before[-4:])
            (requested if asked and not reached else mentioned).append(level)
    return max(requested, default=None), max(mentioned, default=None)


def _first(named: Sequence[Tuple], text: str):
    return next((name for name, pattern in named if pattern.search(text)), None)


def _asks_priority_cell(clean: str) -> bool:
    """The priority-1 cell named without a failure told beside it is asked for, however the request is
    worded ("el número móvil que tienen para fallas de prioridad uno")."""
    named = _CONTACTS[0][1].search(clean)
    if named is None:
        return False
    return not _OUTAGE.search(clean[: named.start()] + " " + clean[named.end() :])


# The same text is read by the cue reader, the reading by parts and the actions: once is enough (a Reading
# is immutable).
@lru_cache(maxsize=2048)
# The same message is read by the NLU component, the satisfaction policy, the action that answers it
# and the form helpers; a reading depends on the text alone and cannot be changed (frozen), so the
# latest ones are kept.
@lru_cache(maxsize=1024)
def read(text: str) -> Reading:
    clean = _clean(text)
    if not clean:
        return Reading(clean)
    hedged = bool(_HEDGE.search(clean))
    critical = False if hedged else (True if _STRONG_CRITICAL.search(clean) else None)
    # What is said of the operation outweighs a leading "no": "no podemos trabajar" is a yes.
    answer = critical if critical is not None else True if _YES.match(clean) else False if _NO.match(clean) else None
    named = [level for level, pattern in _LEVEL_NAMES if pattern.search(clean)]
    requested, mentioned = _levels(clean)
    unresolved = bool(_HELP_FAILED.search(clean)) or bool(
        named and (_LEVEL_FAILED.search(clean) or _ALREADY.search(clean))
    )
    looked_up = bool(_LOOKUP.search(clean))
    outage = bool(_OUTAGE.search(_NOT_FAILING.sub(" ", clean)))
    contact = _first(_CONTACTS, clean) if looked_up else None
    if contact is None and not unresolved and _CONTACT_WORDS.search(clean) and _asks_priority_cell(clean):
        contact = CONTACT_PRIORITY_CELL
    level_of_contact = CONTACT_LEVELS.get(contact) if contact else None
    if level_of_contact and not (_EMAIL_WORDS.search(clean) or _FOLLOW_UP.search(clean)):
        # "Deme el contacto del coordinador" asks to be passed on: an escalation to that level.
        contact, requested = None, max(requested or 0, level_of_contact)
    # "No me deja radicar los derechos de petición": the PQRSA words are what fails to be filed.
    pqrsa_denied = bool(_PQRSA_DENIED.search(clean) or _FILING_FAILS.search(clean))
    pqrsa_type = None if pqrsa_denied else _first(_PQRSA_TYPES, clean)
    information = None
    if looked_up:
        information = "horario" if _HOURS_WORDS.search(clean) else "contacto" if _CONTACT_WORDS.search(clean) else None
    return Reading(
        text=clean,
        outage=outage,
        critical=critical,
        answer=answer,
        level_named=max(named) if named else None,
        level_requested=requested,
        level_mentioned=mentioned,
        unresolved=unresolved,
        # "Tengo tres llamadas a la línea de soporte, que lo vea alguien más arriba": the request for someone
        # above is not a question about the line named.
        escalation_asked=bool(_ESCALATE.search(clean)) and (not looked_up or bool(_NEXT_LEVEL.search(clean))),
        next_asked=bool(_NEXT_LEVEL.search(clean)),
        contact_asked=contact,
        information=information,
        pqrsa_type=pqrsa_type,
        pqrsa_requested=bool(pqrsa_type and _FILE_PQRSA.search(clean)),
        pqrsa_denied=pqrsa_denied,
        person_asked=bool(_PERSON.search(clean)) and not _IS_IT_A_BOT.search(clean),
        escalate_word=bool(_ESCALATE_WORD.search(clean)),
        correction=bool(_CORRECTION.search(clean)),
        other_product=bool(_OTHER_PRODUCT.search(clean)),
    )
